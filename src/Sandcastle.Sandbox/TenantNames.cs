using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace Sandcastle.Sandbox;

/// <summary>Names of tenants' cgroup directories: the tenant itself where it is a safe file name, else a hash of it.</summary>
internal static partial class TenantNames
{
    public static string CgroupName(string tenant) => Pattern().IsMatch(tenant)
        ? $"tenant-{tenant}"
        : $"tenant-h{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(tenant)))[..32]}";

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$")]
    private static partial Regex Pattern();
}
