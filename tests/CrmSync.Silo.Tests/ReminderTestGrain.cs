namespace CrmSync.Silo.Tests;

public interface IReminderTestGrain : IGrainWithStringKey
{
    Task Remember(string note);

    Task StartTicking(TimeSpan dueTime, TimeSpan period);

    Task<TickState> GetState();
}

[GenerateSerializer]
public sealed class TickState
{
    [Id(0)]
    public string? Note { get; set; }

    [Id(1)]
    public int Ticks { get; set; }
}

/// <summary>Counts its reminder's ticks in SQLite grain storage.</summary>
public sealed class ReminderTestGrain([PersistentState("ticks", SqliteClusterConfigurator.StorageName)] IPersistentState<TickState> state)
    : Grain, IReminderTestGrain, IRemindable
{
    public async Task Remember(string note)
    {
        state.State.Note = note;
        await state.WriteStateAsync();
    }

    public Task StartTicking(TimeSpan dueTime, TimeSpan period) => this.RegisterOrUpdateReminder("tick", dueTime, period);

    public Task<TickState> GetState() => Task.FromResult(state.State);

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        state.State.Ticks++;
        await state.WriteStateAsync();
    }
}
