using System.Globalization;
using Microsoft.Data.Sqlite;
using Orleans.Runtime;
using Orleans.Serialization.Serializers;
using Orleans.Storage;

namespace CrmSync.Silo.Storage;

/// <summary>
/// Grain state in SQLite, one row per (grain type, grain id, state name). The ETag is the row's version.
/// Clearing keeps the row with no payload and a newer version, so versions never restart and an old
/// ETag can never match again.
/// </summary>
internal sealed class SqliteGrainStorage(
    string name,
    SqliteStorageOptions options,
    SqliteDatabases databases,
    IActivatorProvider activators) : IGrainStorage, ILifecycleParticipant<ISiloLifecycle>
{
    private const string SelectVersion = """
        SELECT version FROM grain_state WHERE grain_type = $type AND grain_id = $id AND state_name = $state
        """;

    private const string SelectRow = """
        SELECT version, payload FROM grain_state WHERE grain_type = $type AND grain_id = $id AND state_name = $state
        """;

    private const string Insert = """
        INSERT INTO grain_state (grain_type, grain_id, state_name, version, payload)
        VALUES ($type, $id, $state, 1, $payload) ON CONFLICT DO NOTHING
        """;

    private const string Update = """
        UPDATE grain_state SET version = version + 1, payload = $payload
        WHERE grain_type = $type AND grain_id = $id AND state_name = $state AND version = $version
        """;

    private SqliteDatabase? _database;

    private SqliteDatabase Database => _database ??= databases.Get(options, name);

    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe($"{nameof(SqliteGrainStorage)}-{name}", ServiceLifecycleStage.ApplicationServices, cancellationToken =>
        {
            _ = Database;
            return Task.CompletedTask;
        });

    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        ReadStateAsync(stateName, grainId, grainState, CancellationToken.None);

    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, CancellationToken cancellationToken)
    {
        try
        {
            var (version, payload) = Database.Read(statements => ReadRow(statements, new StateKey(stateName, grainId)));
            grainState.ETag = version?.ToString(CultureInfo.InvariantCulture);
            grainState.RecordExists = payload is not null;
            grainState.State = payload is null ? NewState<T>() : options.GrainStorageSerializer.Deserialize<T>(new BinaryData(payload));
            return Task.CompletedTask;
        }
        catch (Exception exception)
        {
            return Task.FromException(exception);
        }
    }

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        WriteStateAsync(stateName, grainId, grainState, CancellationToken.None);

    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, CancellationToken cancellationToken)
    {
        var payload = options.GrainStorageSerializer.Serialize(grainState.State).ToArray();
        grainState.ETag = await ChangeAsync("write", new StateKey(stateName, grainId), grainState.ETag, payload);
        grainState.RecordExists = true;
    }

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        ClearStateAsync(stateName, grainId, grainState, CancellationToken.None);

    public async Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, CancellationToken cancellationToken)
    {
        grainState.ETag = await ChangeAsync("clear", new StateKey(stateName, grainId), grainState.ETag, payload: null);
        grainState.RecordExists = false;
        grainState.State = NewState<T>();
    }

    /// <summary>Stores <paramref name="payload"/> (null clears) if the stored version is still <paramref name="etag"/>; returns the new ETag.</summary>
    private async Task<string?> ChangeAsync(string operation, StateKey key, string? etag, byte[]? payload)
    {
        var (applied, version) = await Database.WriteAsync(writer => Change(writer, key, etag, payload));
        var stored = version?.ToString(CultureInfo.InvariantCulture);
        if (!applied)
        {
            throw new InconsistentStateException(
                $"SQLite grain storage '{name}' refused to {operation} state '{key.StateName}' of {key.GrainId}: " +
                $"the grain's ETag {etag ?? "(none)"} is stale, the stored ETag is {stored ?? "(none)"}.",
                stored,
                etag);
        }

        return stored;
    }

    /// <summary>Runs on the writer; returns whether the change applied, and then the new version, else the stored one.</summary>
    private static (bool Applied, long? Version) Change(SqliteWriter writer, StateKey key, string? etag, byte[]? payload)
    {
        if (etag is null)
        {
            if (payload is not null && WithPayload(key.Bind(writer.Command(Insert)), payload).ExecuteNonQuery() == 1)
            {
                return (true, 1);
            }
        }
        else if (long.TryParse(etag, NumberStyles.None, CultureInfo.InvariantCulture, out var expected))
        {
            var update = WithPayload(key.Bind(writer.Command(Update)), payload);
            update.Parameters.AddWithValue("$version", expected);
            if (update.ExecuteNonQuery() == 1)
            {
                return (true, expected + 1);
            }
        }

        var stored = (long?)key.Bind(writer.Command(SelectVersion)).ExecuteScalar();
        var nothingToClear = etag is null && payload is null && stored is null;
        return (nothingToClear, stored);
    }

    private static (long? Version, byte[]? Payload) ReadRow(SqliteStatements statements, StateKey key)
    {
        using var reader = key.Bind(statements.Command(SelectRow)).ExecuteReader();
        if (!reader.Read())
        {
            return (null, null);
        }

        return (reader.GetInt64(0), reader.IsDBNull(1) ? null : reader.GetFieldValue<byte[]>(1));
    }

    private static SqliteCommand WithPayload(SqliteCommand command, byte[]? payload)
    {
        command.Parameters.AddWithValue("$payload", (object?)payload ?? DBNull.Value);
        return command;
    }

    private T NewState<T>() => activators.GetActivator<T>().Create();

    private readonly record struct StateKey(string StateName, GrainId GrainId)
    {
        public SqliteCommand Bind(SqliteCommand command)
        {
            command.Parameters.AddWithValue("$type", GrainId.Type.ToString());
            command.Parameters.AddWithValue("$id", GrainId.Key.ToString());
            command.Parameters.AddWithValue("$state", StateName);
            return command;
        }
    }
}
