using System.Text;

namespace Sandcastle.Cli.Components.Sources;

/// <summary>
/// Components in a directory laid out as <c>agents/[category/]name.md</c> and <c>commands/[category/]name.md</c>:
/// a <c>.claude/</c> folder or a catalog checked out on disk.
/// </summary>
public sealed class DirectoryComponentSource(string name, string root) : IComponentSource
{
    public string Name { get; } = name;

    public string Location { get; } = Path.GetFullPath(root);

    public Task<IReadOnlyList<ComponentEntry>> ListAsync(ComponentKind kind, CancellationToken cancellationToken)
    {
        var folder = Path.Combine(Location, kind.FolderName());
        IReadOnlyList<ComponentEntry> entries = !Directory.Exists(folder) ? [] : [.. Directory
            .EnumerateFiles(folder, "*.md", SearchOption.AllDirectories)
            .Select(path => Entry(kind, Path.GetRelativePath(folder, path)[..^3].Replace(Path.DirectorySeparatorChar, '/'), path))
            .OrderBy(e => e.Name, StringComparer.Ordinal)];
        return Task.FromResult(entries);
    }

    /// <summary>A project or user .claude/ without components is normal; a catalog directory without them is a mistake.</summary>
    public Task<string?> ListingProblemAsync(CancellationToken cancellationToken) => Task.FromResult(
        Name != "catalog" ? null
        : !Directory.Exists(Location) ? $"the component catalog {Location} does not exist"
        : !Directory.Exists(Path.Combine(Location, "agents")) && !Directory.Exists(Path.Combine(Location, "commands"))
            ? $"the component catalog {Location} has no agents/ or commands/ folder"
            : null);

    public async Task<ComponentFile?> TryReadAsync(ComponentKind kind, string name, CancellationToken cancellationToken)
    {
        if (!ComponentNames.IsSafe(name))
            return null;
        var path = Path.Combine(Location, kind.FolderName(), name + ".md");
        if (!File.Exists(path))
            return null;
        return new ComponentFile(Entry(kind, name, path), await File.ReadAllTextAsync(path, Encoding.UTF8, cancellationToken));
    }

    private ComponentEntry Entry(ComponentKind kind, string componentName, string path) => new(kind, componentName, Name, path);
}
