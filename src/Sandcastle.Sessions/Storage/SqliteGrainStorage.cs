using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using Orleans.Serialization;
using Orleans.Storage;
using Sandcastle.Sandbox;

namespace Sandcastle.Sessions.Storage;

/// <summary>
/// Grain state in one SQLite file on local disk: restart-proof with no server to run. Rows are keyed by provider,
/// state name and grain id; the ETag is a row version checked on every write (optimistic concurrency), and state is
/// the Orleans binary format, which tolerates added and removed [Id] members.
/// </summary>
public sealed class SqliteGrainStorage : IGrainStorage, IDisposable
{
    private readonly string _name;
    private readonly string _connectionString;
    private readonly Serializer _serializer;

    public SqliteGrainStorage(string name, Serializer serializer, SandboxEngine engine, IOptions<SessionsOptions> options)
    {
        _name = name;
        _serializer = serializer;
        var path = string.IsNullOrWhiteSpace(options.Value.DatabasePath)
            ? Path.Combine(engine.DataRoot, "sessions.db")
            : options.Value.DatabasePath;
        DatabasePath = path;
        _connectionString = new SqliteConnectionStringBuilder { DataSource = path, Pooling = true }.ToString();
        using var connection = Open();
        SqliteSchema.Ensure(connection);
    }

    public string DatabasePath { get; }

    public async Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        await using var connection = Open();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT version, data FROM grain_state WHERE provider = $p AND state = $s AND grain = $g";
        AddKey(command, stateName, grainId);
        await using var reader = await command.ExecuteReaderAsync();
        if (!await reader.ReadAsync())
        {
            grainState.State = Activator.CreateInstance<T>();
            grainState.ETag = null;
            grainState.RecordExists = false;
            return;
        }
        grainState.ETag = reader.GetInt64(0).ToString(CultureInfo.InvariantCulture);
        grainState.State = _serializer.Deserialize<T>((byte[])reader.GetValue(1));
        grainState.RecordExists = true;
    }

    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var data = _serializer.SerializeToArray(grainState.State);
        await using var connection = Open();
        await using var command = connection.CreateCommand();
        if (grainState.ETag is null)
        {
            command.CommandText = "INSERT INTO grain_state (provider, state, grain, version, data) VALUES ($p, $s, $g, 1, $d) ON CONFLICT DO NOTHING";
        }
        else
        {
            command.CommandText = "UPDATE grain_state SET version = version + 1, data = $d WHERE provider = $p AND state = $s AND grain = $g AND version = $v";
            command.Parameters.AddWithValue("$v", long.Parse(grainState.ETag, CultureInfo.InvariantCulture));
        }
        AddKey(command, stateName, grainId);
        command.Parameters.AddWithValue("$d", data);
        if (await command.ExecuteNonQueryAsync() != 1)
            throw new InconsistentStateException($"State '{stateName}' of {grainId} was changed by someone else.", "unknown", grainState.ETag ?? "none");
        var next = grainState.ETag is null ? 1 : long.Parse(grainState.ETag, CultureInfo.InvariantCulture) + 1;
        grainState.ETag = next.ToString(CultureInfo.InvariantCulture);
        grainState.RecordExists = true;
    }

    public async Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        await using var connection = Open();
        await using var command = connection.CreateCommand();
        command.CommandText = "DELETE FROM grain_state WHERE provider = $p AND state = $s AND grain = $g";
        AddKey(command, stateName, grainId);
        await command.ExecuteNonQueryAsync();
        grainState.State = Activator.CreateInstance<T>();
        grainState.ETag = null;
        grainState.RecordExists = false;
    }

    /// <summary>Releases the pooled connections so the file can be reopened (a restarted host) or removed.</summary>
    public void Dispose()
    {
        using var connection = new SqliteConnection(_connectionString);
        SqliteConnection.ClearPool(connection);
    }

    private SqliteConnection Open()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        return connection;
    }

    private void AddKey(SqliteCommand command, string stateName, GrainId grainId)
    {
        command.Parameters.AddWithValue("$p", _name);
        command.Parameters.AddWithValue("$s", stateName);
        command.Parameters.AddWithValue("$g", grainId.ToString());
    }
}
