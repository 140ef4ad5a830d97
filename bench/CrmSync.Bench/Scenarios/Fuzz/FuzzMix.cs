using System.Text;
using CrmSync.Abstractions;
using CrmSync.Testing.Fuzzing;
using CrmSync.Testing.Processes;

namespace CrmSync.Bench.Scenarios.Fuzz;

/// <summary>A request of the run, the source and category it was made as, and whether it must be refused.</summary>
/// <param name="Refused">Whether it must be refused: it names only <see cref="FuzzMix.Marked"/> records, and none of them may change.</param>
/// <param name="Usual">The status the gateway answers a refused request of the category with (a Salesforce request without
/// a signature is read as an Outbound Message, so 400 instead of 401); any 4xx refuses it.</param>
public sealed record FuzzRequest(FuzzSource Source, string Category, bool Refused, int? Usual, FuzzRecord? Record, PreparedRequest Request);

/// <summary>
/// Makes the run's requests, every source mixed: valid ones (small, for records the simulator has), ones damaged by the
/// connector fuzz tests' generators but signed right (either answer but a 5xx), and ones that must be refused, each
/// about a record marked as refused (an id from <see cref="RefusedIndex"/> up, named <see cref="Marker"/>…): wrong, missing,
/// stale or tampered credentials, malformed JSON, bodies over the gateway's limit, wrong methods and routes.
/// </summary>
public sealed class FuzzMix(IReadOnlyList<FuzzSource> sources, int validRecords, int seed)
{
    public const string Marker = "REFUSED-";

    public const int RefusedIndex = 900_000;

    public const int MarkedRecords = 100;

    /// <summary>The gateway's default CrmSync:Webhooks:MaxBodyBytes (4 MiB), which the oversized bodies pass.</summary>
    public const int MaxBodyBytes = 4 * 1024 * 1024;

    public const string Valid = "valid";
    public const string DamagedSignedRight = "damaged, signed right";
    public const string ContentType = "other content type";
    public const string WrongCredentials = "wrong credentials";
    public const string NoCredentials = "no credentials";
    public const string Tampered = "body changed after signing";
    public const string Stale = "stale credentials";
    public const string Malformed = "malformed JSON";
    public const string Oversized = "over the size limit";
    public const string WrongMethod = "wrong method";
    public const string WrongRoute = "wrong route";

    private static readonly (string Category, int Weight)[] Categories =
    [
        (Valid, 220), (DamagedSignedRight, 130), (ContentType, 50), (WrongCredentials, 140), (NoCredentials, 80), (Tampered, 80),
        (Stale, 50), (Malformed, 80), (Oversized, 1), (WrongMethod, 80), (WrongRoute, 89),
    ];

    private static readonly string?[] ContentTypes = [null, "text/plain", "application/xml", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "application/json; charset=latin1"];

    private static readonly HttpMethod[] WrongMethods = [HttpMethod.Get, HttpMethod.Patch, HttpMethod.Options];

    private static readonly string WrongSecret = WebhookSecret.Generate();

    private readonly Random _random = new(seed);
    private readonly int _totalWeight = Categories.Sum(category => category.Weight);
    private long _version;

    public static IEnumerable<string> AllCategories => Categories.Select(category => category.Category);

    public static bool MustBeRefused(string category) => category is not (Valid or DamagedSignedRight or ContentType);

    /// <summary>The records refused requests name, of every source and entity.</summary>
    public IEnumerable<(FuzzSource Source, string Entity, string Id)> Marked() =>
        from source in sources
        from entity in new[] { Entities.Account, Entities.Contact }
        from index in Enumerable.Range(RefusedIndex, MarkedRecords)
        select (source, entity, source.Id(entity, index));

    /// <summary><paramref name="count"/> requests, signed now and sent within seconds, so that no right one is stale.</summary>
    public List<FuzzRequest> Next(int count)
    {
        var now = DateTimeOffset.UtcNow;
        return [.. Enumerable.Range(0, count).Select(_ => Make(sources[_random.Next(sources.Count)], Pick(), now))];
    }

    private string Pick()
    {
        var roll = _random.Next(_totalWeight);
        foreach (var (category, weight) in Categories)
        {
            if ((roll -= weight) < 0)
            {
                return category;
            }
        }

        throw new InvalidOperationException("The weights do not add up.");
    }

    private FuzzRequest Make(FuzzSource source, string category, DateTimeOffset now)
    {
        var secret = source.Secret;
        var entity = _random.Next(2) == 0 ? Entities.Account : Entities.Contact;
        var refused = MustBeRefused(category);
        var index = refused ? RefusedIndex + _random.Next(MarkedRecords) : 1 + _random.Next(validRecords);
        var record = new FuzzRecord(entity, source.Id(entity, index), refused ? $"{Marker}{index}" : $"Fuzz {index}", Interlocked.Increment(ref _version));
        var path = source.Path(entity);
        var method = source.Method(entity);
        var body = Encoding.UTF8.GetBytes(source.Body(record, now));

        switch (category)
        {
            case Valid:
                return new(source, category, false, null, record, source.Send(method, path, body, now, secret));
            case DamagedSignedRight when source is SalesforceFuzzSource:
                var fuzz = new SalesforceFuzzCase(_random.Next(2) == 0, 0, _random.Next());
                fuzz = fuzz with { Mutation = _random.Next(1 + (fuzz.Soap ? SalesforceFuzzCase.SoapMutations : SalesforceFuzzCase.ApexMutations)) };
                var (salesforce, headers) = SalesforceFuzzInputs.Build(fuzz, now, secret);
                return new(source, category, false, null, null, new(method, path, salesforce, [.. headers], fuzz.Soap ? "text/xml; charset=utf-8" : PreparedRequest.Json));
            case DamagedSignedRight:
                return new(source, category, false, null, null, source.Send(method, path, JsonMutator.Mutate(Encoding.UTF8.GetString(body), _random.Next()), now, secret));
            case ContentType:
                return new(source, category, false, null, record, source.Send(method, path, body, now, secret) with { ContentType = ContentTypes[_random.Next(ContentTypes.Length)] });
            case WrongCredentials:
                return Refused(source.Send(method, path, body, now, WrongSecret), 401);
            case NoCredentials:
                return Refused(source.Send(method, path, body, now, null), 401);
            case Tampered when source.SignsBody:
                var tampered = JsonMutator.Mutate(Encoding.UTF8.GetString(body), _random.Next());
                return Refused(source.Send(method, path, body, now, secret) with { Body = tampered.AsSpan().SequenceEqual(body) ? [.. body, (byte)' '] : tampered }, 401);
            case Stale when source.Timestamped:
                return Refused(source.Send(method, path, body, now.AddMinutes(-10), secret), 401);
            case Tampered or Stale:
                return Refused(source.Send(method, path, body, now, WrongSecret), 401);
            case Malformed:
                return Refused(source.Send(method, path, body[..(1 + _random.Next(body.Length - 1))], now, secret), 400);
            case Oversized:
                var padded = source.Body(record with { Name = record.Name + new string('x', MaxBodyBytes) }, now);
                return Refused(source.Send(method, path, Encoding.UTF8.GetBytes(padded), now, secret), 413);
            case WrongMethod:
                return Refused(source.Send(WrongMethods[_random.Next(WrongMethods.Length)], path, body, now, secret), 405);
            default:
                string[] routes = [$"webhooks/{source.Source}-x", $"webhooks/{source.Source}/lead", $"webhook/{source.Source}", $"webhooks/{source.Source}/{entity}/1"];
                return Refused(source.Send(method, routes[_random.Next(routes.Length)], body, now, secret), 404);
        }

        FuzzRequest Refused(PreparedRequest request, int status) => new(source, category, true, status, record, request);
    }
}
