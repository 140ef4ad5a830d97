using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using Orleans;
using Orleans.Runtime;

namespace CrmSync.Silo.Storage;

/// <summary>
/// Orleans' reminder table in SQLite. Rows carry the grain's uniform hash so each silo reads the reminders
/// of its own ring range; every upsert issues a fresh ETag, so a removal with an old one does nothing.
/// </summary>
internal sealed class SqliteReminderTable(IOptions<SqliteReminderTableOptions> options, SqliteDatabases databases) : IReminderTable
{
    private const string ProviderName = "reminders";

    private const string Columns = "grain_id, reminder_name, start_at, period, etag";

    private SqliteDatabase? _database;

    private SqliteDatabase Database => _database ??= databases.Get(options.Value, ProviderName);

    public Task Init() => StartAsync(CancellationToken.None);

    public Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            _ = Database;
            return Task.CompletedTask;
        }
        catch (Exception exception)
        {
            return Task.FromException(exception);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task<ReminderTableData> ReadRows(GrainId grainId) => ReadRows(grainId, CancellationToken.None);

    public Task<ReminderTableData> ReadRows(GrainId grainId, CancellationToken cancellationToken) =>
        Query($"SELECT {Columns} FROM reminders WHERE grain_id = $grain_id", command =>
            command.Parameters.AddWithValue("$grain_id", grainId.ToString()));

    public Task<ReminderTableData> ReadRows(uint begin, uint end) => ReadRows(begin, end, CancellationToken.None);

    /// <summary>Rows whose grain hash is in the ring range (begin, end]; when begin ≥ end the range wraps past the top of the ring.</summary>
    public Task<ReminderTableData> ReadRows(uint begin, uint end, CancellationToken cancellationToken)
    {
        var range = begin < end
            ? "grain_hash > $begin AND grain_hash <= $end"
            : "grain_hash > $begin OR grain_hash <= $end";
        return Query($"SELECT {Columns} FROM reminders WHERE {range}", command =>
        {
            command.Parameters.AddWithValue("$begin", (long)begin);
            command.Parameters.AddWithValue("$end", (long)end);
        });
    }

    public Task<ReminderEntry?> ReadRow(GrainId grainId, string reminderName) => ReadRow(grainId, reminderName, CancellationToken.None);

    public async Task<ReminderEntry?> ReadRow(GrainId grainId, string reminderName, CancellationToken cancellationToken)
    {
        var rows = await Query($"SELECT {Columns} FROM reminders WHERE grain_id = $grain_id AND reminder_name = $name", command =>
        {
            command.Parameters.AddWithValue("$grain_id", grainId.ToString());
            command.Parameters.AddWithValue("$name", reminderName);
        });
        return rows.Reminders.SingleOrDefault();
    }

    public Task<string?> UpsertRow(ReminderEntry entry) => UpsertRow(entry, CancellationToken.None);

    public async Task<string?> UpsertRow(ReminderEntry entry, CancellationToken cancellationToken)
    {
        var etag = Guid.NewGuid().ToString("N");
        var grainId = entry.GrainId.ToString();
        var grainHash = (long)entry.GrainId.GetUniformHashCode();
        var startAt = entry.StartAt.ToUniversalTime().Ticks;
        var period = entry.Period.Ticks;
        return await Database.WriteAsync(writer =>
        {
            var command = writer.Command("""
                INSERT INTO reminders (grain_id, reminder_name, grain_hash, start_at, period, etag)
                VALUES ($grain_id, $name, $grain_hash, $start_at, $period, $etag)
                ON CONFLICT (grain_id, reminder_name) DO UPDATE SET
                    grain_hash = excluded.grain_hash, start_at = excluded.start_at, period = excluded.period, etag = excluded.etag
                """);
            command.Parameters.AddWithValue("$grain_id", grainId);
            command.Parameters.AddWithValue("$name", entry.ReminderName);
            command.Parameters.AddWithValue("$grain_hash", grainHash);
            command.Parameters.AddWithValue("$start_at", startAt);
            command.Parameters.AddWithValue("$period", period);
            command.Parameters.AddWithValue("$etag", etag);
            command.ExecuteNonQuery();
            return etag;
        });
    }

    public Task<bool> RemoveRow(GrainId grainId, string reminderName, string eTag) =>
        RemoveRow(grainId, reminderName, eTag, CancellationToken.None);

    public async Task<bool> RemoveRow(GrainId grainId, string reminderName, string eTag, CancellationToken cancellationToken)
    {
        var id = grainId.ToString();
        return await Database.WriteAsync(writer =>
        {
            var command = writer.Command("DELETE FROM reminders WHERE grain_id = $grain_id AND reminder_name = $name AND etag = $etag");
            command.Parameters.AddWithValue("$grain_id", id);
            command.Parameters.AddWithValue("$name", reminderName);
            command.Parameters.AddWithValue("$etag", eTag);
            return command.ExecuteNonQuery() == 1;
        });
    }

    public Task TestOnlyClearTable() => TestOnlyClearTable(CancellationToken.None);

    public async Task TestOnlyClearTable(CancellationToken cancellationToken) =>
        await Database.WriteAsync(writer => writer.Command("DELETE FROM reminders").ExecuteNonQuery());

    private Task<ReminderTableData> Query(string sql, Action<SqliteCommand> bind)
    {
        try
        {
            return Task.FromResult(Database.Read(statements =>
            {
                var command = statements.Command(sql);
                bind(command);
                using var reader = command.ExecuteReader();
                var entries = new List<ReminderEntry>();
                while (reader.Read())
                {
                    entries.Add(new ReminderEntry
                    {
                        GrainId = GrainId.Parse(reader.GetString(0)),
                        ReminderName = reader.GetString(1),
                        StartAt = new DateTime(reader.GetInt64(2), DateTimeKind.Utc),
                        Period = TimeSpan.FromTicks(reader.GetInt64(3)),
                        ETag = reader.GetString(4),
                    });
                }

                return new ReminderTableData(entries);
            }));
        }
        catch (Exception exception)
        {
            return Task.FromException<ReminderTableData>(exception);
        }
    }
}
