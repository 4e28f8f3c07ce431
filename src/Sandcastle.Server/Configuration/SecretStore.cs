using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Sandcastle.Server.Configuration;

/// <summary>
/// Named secrets (e.g. <c>ANTHROPIC_API_KEY</c>) kept in a JSON file only the owner can read: the file is
/// written 0600 and its directory, when created here, 0700. The analog of <c>wrangler secret put</c>.
/// Values never appear in exceptions or listings.
/// </summary>
public sealed partial class SecretStore(string filePath)
{
    private const UnixFileMode OwnerOnlyFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const UnixFileMode OwnerOnlyDirectory = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    /// <summary>The JSON file holding the secrets (it may not exist yet).</summary>
    public string FilePath { get; } = Path.GetFullPath(filePath);

    /// <summary>A store at <see cref="DefaultPath"/>.</summary>
    public static SecretStore OpenDefault() => new(DefaultPath(Environment.GetEnvironmentVariable));

    /// <summary>
    /// <c>$SANDCASTLE_SECRETS_FILE</c>, else <c>$XDG_CONFIG_HOME/sandcastle/secrets.json</c>,
    /// else <c>~/.config/sandcastle/secrets.json</c>.
    /// </summary>
    public static string DefaultPath(Func<string, string?> environment)
    {
        if (NonEmpty(environment("SANDCASTLE_SECRETS_FILE")) is { } explicitFile)
            return Path.GetFullPath(explicitFile);
        var configHome = NonEmpty(environment("XDG_CONFIG_HOME"))
            ?? Path.Combine(NonEmpty(environment("HOME")) ?? Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".config");
        return Path.GetFullPath(Path.Combine(configHome, "sandcastle", "secrets.json"));
    }

    /// <summary>Whether <paramref name="name"/> can name a secret: letters, digits and underscores, not starting with a digit.</summary>
    public static bool IsValidName(string? name) => name is not null && NamePattern().IsMatch(name);

    /// <summary>Stores or replaces a secret.</summary>
    public void Set(string name, string value)
    {
        ValidateName(name);
        ArgumentNullException.ThrowIfNull(value);
        var secrets = ReadAll();
        secrets[name] = value;
        WriteAll(secrets);
    }

    /// <summary>The secret's value, or null when there is none.</summary>
    public string? Get(string name)
    {
        ValidateName(name);
        return ReadAll().GetValueOrDefault(name);
    }

    /// <summary>The names of the stored secrets, sorted; never their values.</summary>
    public IReadOnlyList<string> List() => [.. ReadAll().Keys.Order(StringComparer.Ordinal)];

    /// <summary>Removes a secret. False when there was none.</summary>
    public bool Remove(string name)
    {
        ValidateName(name);
        var secrets = ReadAll();
        if (!secrets.Remove(name))
            return false;
        WriteAll(secrets);
        return true;
    }

    /// <summary>Every secret, for the configuration provider. Empty when the file does not exist.</summary>
    public Dictionary<string, string> ReadAll()
    {
        string text;
        try
        {
            text = File.ReadAllText(FilePath, Encoding.UTF8);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return new Dictionary<string, string>(StringComparer.Ordinal);
        }
        return Parse(text);
    }

    private Dictionary<string, string> Parse(string text)
    {
        var secrets = new Dictionary<string, string>(StringComparer.Ordinal);
        if (string.IsNullOrWhiteSpace(text))
            return secrets;
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(text);
        }
        catch (JsonException e)
        {
            // The parser's message may quote the file's content; give only the position.
            throw new InvalidDataException($"The secrets file {FilePath} is not valid JSON (line {e.LineNumber + 1}). Fix or delete it.");
        }
        if (root is not JsonObject entries)
            throw new InvalidDataException($"The secrets file {FilePath} must hold a JSON object of names to values.");
        foreach (var (name, value) in entries)
        {
            if (value is JsonValue v && v.TryGetValue<string>(out var s))
                secrets[name] = s;
        }
        return secrets;
    }

    private void WriteAll(Dictionary<string, string> secrets)
    {
        var directory = Path.GetDirectoryName(FilePath)!;
        if (!Directory.Exists(directory))
            Directory.CreateDirectory(directory, OwnerOnlyDirectory);
        var entries = new JsonObject();
        foreach (var (name, value) in secrets.OrderBy(p => p.Key, StringComparer.Ordinal))
            entries[name] = value;
        // Written beside the target, already 0600, then renamed over it: readers never see half a file,
        // and the secret never sits in a file with wider permissions.
        var temporary = Path.Combine(directory, $".{Path.GetFileName(FilePath)}.{Guid.NewGuid():N}.tmp");
        try
        {
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, UnixCreateMode = OwnerOnlyFile };
            using (var stream = new FileStream(temporary, options))
            {
                stream.Write(Encoding.UTF8.GetBytes(entries.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n"));
                stream.Flush(flushToDisk: true);
            }
            File.Move(temporary, FilePath, overwrite: true);
            File.SetUnixFileMode(FilePath, OwnerOnlyFile);
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    private static void ValidateName(string name)
    {
        if (!IsValidName(name))
            throw new ArgumentException($"'{name}' is not a valid secret name: use letters, digits and underscores, not starting with a digit (e.g. ANTHROPIC_API_KEY).", nameof(name));
    }

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]{0,127}$")]
    private static partial Regex NamePattern();
}
