namespace CrmSync.DataverseEmulator.Errors;

/// <summary>A request refused the way Dataverse refuses it: an HTTP status and the <c>{"error":{code,message}}</c> envelope.</summary>
public sealed class DataverseException(int status, string code, string message) : Exception(message)
{
    public int Status => status;

    public string Code => code;
}
