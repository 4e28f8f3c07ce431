using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using Sandcastle.Sessions.Sandboxes;

namespace Sandcastle.Server.Tenancy;

/// <summary>
/// The configured API keys. A tenant's id is a hash of its key, so keys are never stored with sandbox state and
/// rotating a key means a new tenant. Keys are compared in constant time.
/// </summary>
public sealed class ApiKeyRegistry
{
    private readonly Dictionary<string, string> _tenantsByKeyHash;

    public ApiKeyRegistry(IOptions<TenancyOptions> options, IConfiguration configuration)
    {
        var keys = Split(options.Value.ApiKeys).Concat(Split(configuration[TenancyOptions.ApiKeysVariable])).Distinct(StringComparer.Ordinal);
        _tenantsByKeyHash = keys.ToDictionary(Hash, key => "k" + Hash(key)[..24], StringComparer.Ordinal);
    }

    /// <summary>No keys: a development server that only answers loopback callers, all as the default tenant.</summary>
    public bool IsOpen => _tenantsByKeyHash.Count == 0;

    public Tenant? Find(string? key)
    {
        if (IsOpen)
            return new Tenant(SandboxAddress.DefaultTenant);
        if (string.IsNullOrEmpty(key))
            return null;
        // Looking up a hash keeps the comparison independent of how much of the key matches.
        return _tenantsByKeyHash.TryGetValue(Hash(key), out var tenant) ? new Tenant(tenant) : null;
    }

    private static string Hash(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    private static IEnumerable<string> Split(string? list) =>
        (list ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
