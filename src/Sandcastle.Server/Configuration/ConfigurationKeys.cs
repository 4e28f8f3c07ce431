namespace Sandcastle.Server.Configuration;

/// <summary>Turns variable-style names into configuration keys the way environment variables are read.</summary>
internal static class ConfigurationKeys
{
    public static Dictionary<string, string?> FromVariables(IEnumerable<KeyValuePair<string, string>> variables)
    {
        var data = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, value) in variables)
            data[name.Replace("__", ":", StringComparison.Ordinal)] = value;
        return data;
    }
}
