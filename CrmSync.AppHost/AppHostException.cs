namespace CrmSync.AppHost;

/// <summary>A problem the person running the AppHost must fix; the message says what and how.</summary>
public sealed class AppHostException(string message) : Exception(message);
