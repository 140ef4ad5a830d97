namespace CrmSync.Abstractions;

/// <summary>
/// The silo's <c>GET /diagnostics</c> answer, one type for the silo and its readers (tests, bench): what the silo holds in
/// memory, the process, the managed heap and the record grains that are active.
/// </summary>
/// <param name="RecordIdleAfterSeconds">The configured <c>CrmSync:Records:IdleAfter</c>, or null for Orleans' default.</param>
public sealed record SiloDiagnostics(
    long WorkingSetBytes,
    long PeakWorkingSetBytes,
    long GcHeapBytes,
    long GcCommittedBytes,
    int Gen2Collections,
    int RecordGrainActivations,
    int Activations,
    double? RecordIdleAfterSeconds);
