namespace CrmSync.CrmSimulator.Tests;

/// <summary>One simulator of 250 accounts and 300 contacts shared by tests that only read.</summary>
public sealed class SmallDataSetFixture : IAsyncLifetime
{
    public const int Accounts = 250;

    public const int Contacts = 300;

    public TestSimulator Simulator { get; private set; } = null!;

    public async Task InitializeAsync() =>
        Simulator = await TestSimulator.StartAsync(("Accounts", $"{Accounts}"), ("Contacts", $"{Contacts}"));

    public async Task DisposeAsync() => await Simulator.DisposeAsync();
}
