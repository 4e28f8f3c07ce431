using StackExchange.Redis;

namespace Sandcastle.Sessions.Cluster;

/// <summary>Reads <c>redis://[:PASSWORD@]HOST[:PORT][/DB]</c>, the form operators know, into StackExchange.Redis options.</summary>
public static class RedisAddress
{
    public static ConfigurationOptions Parse(string value)
    {
        ConfigurationOptions options;
        if (value.StartsWith("redis://", StringComparison.OrdinalIgnoreCase) || value.StartsWith("rediss://", StringComparison.OrdinalIgnoreCase))
        {
            if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || string.IsNullOrEmpty(uri.Host))
                throw new FormatException($"'{value}' is not a Redis address; write redis://HOST:PORT.");
            options = new ConfigurationOptions { Ssl = uri.Scheme == "rediss" };
            options.EndPoints.Add(uri.Host, uri.IsDefaultPort || uri.Port <= 0 ? 6379 : uri.Port);
            if (uri.UserInfo is { Length: > 0 } userInfo)
            {
                var colon = userInfo.IndexOf(':', StringComparison.Ordinal);
                if (colon > 0)
                    options.User = Uri.UnescapeDataString(userInfo[..colon]);
                options.Password = Uri.UnescapeDataString(colon >= 0 ? userInfo[(colon + 1)..] : userInfo);
            }
            if (uri.AbsolutePath.Trim('/') is { Length: > 0 } database && int.TryParse(database, out var db))
                options.DefaultDatabase = db;
        }
        else
        {
            options = ConfigurationOptions.Parse(value);
        }
        // A node starts while Redis restarts: keep trying instead of failing at the first refusal.
        options.AbortOnConnectFail = false;
        options.ConnectTimeout = 5000;
        return options;
    }
}
