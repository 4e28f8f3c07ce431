namespace Sandcastle.Sandbox.Tests.Attacks;

/// <summary>What the host's mount table holds under a data root's volumes directory (the directory's own bind aside).</summary>
internal static class VolumeMounts
{
    public static IReadOnlyList<string> Of(string dataRoot)
    {
        var prefix = Path.Combine(dataRoot, "volumes") + "/";
        return [.. File.ReadLines("/proc/self/mountinfo").Select(l => l.Split(' ')[4]).Where(p => p.StartsWith(prefix, StringComparison.Ordinal))];
    }
}
