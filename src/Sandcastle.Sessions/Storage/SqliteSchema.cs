using Microsoft.Data.Sqlite;

namespace Sandcastle.Sessions.Storage;

internal static class SqliteSchema
{
    /// <summary>WAL lets reads run beside a write; NORMAL sync is durable across a process crash, which is what we need.</summary>
    public static void Ensure(SqliteConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = """
            PRAGMA journal_mode = WAL;
            PRAGMA synchronous = NORMAL;
            CREATE TABLE IF NOT EXISTS grain_state (
                provider TEXT NOT NULL,
                state TEXT NOT NULL,
                grain TEXT NOT NULL,
                version INTEGER NOT NULL,
                data BLOB NOT NULL,
                PRIMARY KEY (provider, state, grain)
            ) WITHOUT ROWID;
            """;
        command.ExecuteNonQuery();
    }
}
