using System.Collections;

namespace CrmSync.Testing.Processes;

public static class EnvironmentVariables
{
    /// <summary>This process's environment, which the AppHost passes through to every resource.</summary>
    public static IReadOnlyDictionary<string, string> Current() =>
        Environment.GetEnvironmentVariables()
            .Cast<DictionaryEntry>()
            .ToDictionary(variable => (string)variable.Key, variable => variable.Value as string ?? "");
}
