using System.Security.Cryptography;
using System.Text;
using Sandcastle.Sandbox;

namespace Sandcastle.Sessions.Snapshots;

/// <summary>Snapshot ids (safe as file names and object keys) and the per-tenant folder they live in.</summary>
public static class SnapshotIds
{
    public static string New() => "snap-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));

    /// <summary>Same alphabet as sandbox ids: 1–63 of [a-z0-9-].</summary>
    public static bool IsValid(string? id) => id is not null && SandboxIds.IsValid(id);

    /// <summary>A tenant's folder: readable for the default tenant, a hash otherwise (API key tenants are not names).</summary>
    public static string TenantFolder(string tenant) => tenant == "default"
        ? tenant
        : "t" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(tenant)))[..40];
}
