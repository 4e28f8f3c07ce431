namespace Sandcastle.Cli.Components;

/// <summary>Suggestions for a name that matched nothing, by edit distance.</summary>
public static class ClosestNames
{
    public static IReadOnlyList<string> Find(string wanted, IEnumerable<ComponentEntry> entries, int count = 5)
    {
        var target = wanted.ToLowerInvariant();
        var shortTarget = target[(target.LastIndexOf('/') + 1)..];
        return [.. entries
            .Select(e => (e.Name, Distance: Math.Min(
                Levenshtein(target, e.Name.ToLowerInvariant()),
                Levenshtein(shortTarget, e.ShortName.ToLowerInvariant()))))
            .Where(c => c.Distance <= Math.Max(3, shortTarget.Length / 2) || c.Name.Contains(shortTarget, StringComparison.OrdinalIgnoreCase))
            .OrderBy(c => c.Distance).ThenBy(c => c.Name, StringComparer.Ordinal)
            .Select(c => c.Name)
            .Distinct()
            .Take(count)];
    }

    public static int Levenshtein(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
            previous[j] = j;
        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }
            (previous, current) = (current, previous);
        }
        return previous[b.Length];
    }
}
