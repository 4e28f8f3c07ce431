namespace Sandcastle.Sandbox.Volumes;

/// <summary>This process's mount points, read from /proc/self/mountinfo (octal escapes decoded).</summary>
internal static class MountTable
{
    /// <summary>Mount points at or beneath <paramref name="directory"/>, deepest first (the order to unmount them in).</summary>
    public static IReadOnlyList<string> Beneath(string directory)
    {
        var prefix = directory.TrimEnd('/') + "/";
        return [.. MountPoints().Where(p => p.StartsWith(prefix, StringComparison.Ordinal)).Distinct().OrderByDescending(p => p.Length)];
    }

    public static bool IsMountPoint(string path) => MountPoints().Contains(path.TrimEnd('/'));

    private static IEnumerable<string> MountPoints() => Entries().Select(f => Unescape(f[4]));

    private static IEnumerable<string[]> Entries() =>
        File.ReadLines("/proc/self/mountinfo").Select(line => line.Split(' ')).Where(f => f.Length > 4);

    private static string Unescape(string field)
    {
        if (!field.Contains('\\'))
            return field;
        var builder = new System.Text.StringBuilder(field.Length);
        for (var i = 0; i < field.Length; i++)
        {
            if (field[i] == '\\' && i + 3 < field.Length)
            {
                builder.Append((char)Convert.ToInt32(field.Substring(i + 1, 3), 8));
                i += 3;
            }
            else
                builder.Append(field[i]);
        }
        return builder.ToString();
    }
}
