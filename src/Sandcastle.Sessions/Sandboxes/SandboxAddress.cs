using System.Security.Cryptography;
using System.Text;
using Sandcastle.Sandbox;

namespace Sandcastle.Sessions.Sandboxes;

/// <summary>A sandbox as one tenant names it. Two tenants' "dev" are two different grains and two workspaces.</summary>
public sealed record SandboxAddress(string Tenant, string Id)
{
    /// <summary>The tenant of a server without API keys (loopback-only development).</summary>
    public const string DefaultTenant = "default";

    /// <summary>The grain key: tenant and id, which no tenant can forge since '/' is not allowed in either.</summary>
    public string GrainKey => $"{Tenant}/{Id}";

    /// <summary>
    /// The engine's id for the workspace: the id itself for the default tenant (readable on disk), else a hash of
    /// tenant and id, which keeps tenants apart on disk and stays within the engine's 63 characters.
    /// </summary>
    public string WorkspaceId => Tenant == DefaultTenant
        ? Id
        : "t" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(GrainKey)))[..40];

    public static SandboxAddress Parse(string grainKey)
    {
        var slash = grainKey.IndexOf('/', StringComparison.Ordinal);
        return new SandboxAddress(grainKey[..slash], grainKey[(slash + 1)..]);
    }

    /// <summary>Throws <see cref="SandboxRequestException"/> (bad input) for an id the engine would refuse.</summary>
    public static SandboxAddress Create(string tenant, string id)
    {
        if (!SandboxIds.IsValid(id))
            throw new SandboxRequestException(SandboxErrorKind.BadRequest, new InvalidSandboxIdException(id).Message);
        return new SandboxAddress(tenant, id);
    }
}
