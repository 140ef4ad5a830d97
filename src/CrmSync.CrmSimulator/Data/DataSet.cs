using System.Globalization;
using CrmSync.CrmSimulator.Hosting;

namespace CrmSync.CrmSimulator.Data;

/// <summary>
/// The generated records: each is a pure function of (seed, entity, index), so a million of them cost nothing
/// until one is read, and every run with the same seed serves the same data.
/// </summary>
public sealed class DataSet(SimulatorOptions options)
{
    private static readonly string[] Adjectives = ["Blue", "Bright", "Northern", "Silver", "Golden", "Rapid", "Quiet", "Green", "Summit", "Harbor", "Iron", "Crystal"];
    private static readonly string[] Nouns = ["Harbor", "Peak", "River", "Forge", "Field", "Bridge", "Stone", "Valley", "Cloud", "Works", "Labs", "Point"];
    private static readonly string[] Suffixes = ["Ltd", "Inc", "GmbH", "LLC", "Group", "Partners", "Co", "AG"];
    private static readonly string[] FirstNames = ["Ada", "Grace", "Alan", "Linus", "Margaret", "Edsger", "Barbara", "Donald", "Frances", "Ken", "Radia", "Tim"];
    private static readonly string[] LastNames = ["Lovelace", "Hopper", "Turing", "Torvalds", "Hamilton", "Dijkstra", "Liskov", "Knuth", "Allen", "Thompson", "Perlman", "Berners-Lee"];

    public int Seed { get; } = options.Seed;

    public int Count(SimEntity entity) => entity == SimEntity.Account ? options.Accounts : options.Contacts;

    public bool Contains(SimEntity entity, int index) => index >= 1 && index <= Count(entity);

    public SimRecord Generate(SimEntity entity, int index) =>
        entity == SimEntity.Account ? GenerateAccount(index) : GenerateContact(index);

    private SimRecord GenerateAccount(int index)
    {
        var adjective = Pick(Adjectives, SimEntity.Account, index, 1);
        var noun = Pick(Nouns, SimEntity.Account, index, 2);
        var domain = $"{adjective}{noun}{index}.example".ToLowerInvariant();
        return new SimRecord(SimEntity.Account, index,
        [
            $"{adjective} {noun} {Pick(Suffixes, SimEntity.Account, index, 3)}",
            Telephone(SimEntity.Account, index),
            $"info@{domain}",
            $"https://www.{domain}",
        ], 1);
    }

    private SimRecord GenerateContact(int index)
    {
        var first = Pick(FirstNames, SimEntity.Contact, index, 1);
        var last = Pick(LastNames, SimEntity.Contact, index, 2);
        return new SimRecord(SimEntity.Contact, index,
        [
            first,
            last,
            $"{first}.{last}{index}@example.com".ToLowerInvariant(),
            Telephone(SimEntity.Contact, index),
            AccountOf(index),
        ], 1);
    }

    private string? AccountOf(int contactIndex)
    {
        if (options.Accounts == 0 || Hash(SimEntity.Contact, contactIndex, 4) % 100 < (ulong)options.OrphanContactPercent)
        {
            return null;
        }

        return SimEntity.Account.IdOf((int)(Hash(SimEntity.Contact, contactIndex, 5) % (ulong)options.Accounts) + 1);
    }

    private string Telephone(SimEntity entity, int index) =>
        "+1 555 " + (Hash(entity, index, 6) % 10_000_000).ToString("000 0000", CultureInfo.InvariantCulture);

    private string Pick(string[] words, SimEntity entity, int index, int salt) => words[Hash(entity, index, salt) % (ulong)words.Length];

    /// <summary>SplitMix64 over the inputs: cheap, stateless and well spread, which is all a made-up data set needs.</summary>
    private ulong Hash(SimEntity entity, int index, int salt)
    {
        var value = ((ulong)(uint)Seed << 32) ^ ((ulong)entity << 28) ^ ((ulong)salt << 24) ^ ((ulong)index * 0x9E3779B97F4A7C15UL);
        value = (value ^ (value >> 30)) * 0xBF58476D1CE4E5B9UL;
        value = (value ^ (value >> 27)) * 0x94D049BB133111EBUL;
        return value ^ (value >> 31);
    }
}
