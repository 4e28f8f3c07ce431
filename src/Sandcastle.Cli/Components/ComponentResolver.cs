using System.Text;
using Sandcastle.Cli.Components.Sources;

namespace Sandcastle.Cli.Components;

/// <summary>
/// Finds agents and commands by name, in order: a path to a .md file; the project's <c>.claude/</c>; the user's
/// <c>~/.claude/</c>; the catalog. Names may be <c>category/name</c>. Unknown names fail with the closest matches.
/// </summary>
public sealed class ComponentResolver(IReadOnlyList<IComponentSource> sources, string workingDirectory)
{
    public IReadOnlyList<IComponentSource> Sources { get; } = sources;

    public async Task<AgentDefinition> ResolveAgentAsync(string reference, CancellationToken cancellationToken) =>
        ComponentParser.ParseAgent(await ResolveAsync(ComponentKind.Agent, reference, cancellationToken));

    public async Task<CommandDefinition> ResolveCommandAsync(string reference, CancellationToken cancellationToken) =>
        ComponentParser.ParseCommand(await ResolveAsync(ComponentKind.Command, reference, cancellationToken));

    public async Task<ComponentFile> ResolveAsync(ComponentKind kind, string reference, CancellationToken cancellationToken)
    {
        reference = reference.Trim();
        if (LooksLikePath(reference))
            return await ReadPathAsync(kind, reference, cancellationToken);
        if (!ComponentNames.IsSafe(reference))
            throw new UsageException($"'{reference}' is not a {kind.DisplayName()} name: use name or category/name, or a path to a .md file.");
        foreach (var source in Sources)
        {
            if (await source.TryReadAsync(kind, reference, cancellationToken) is { } exact)
                return exact;
            if (reference.Contains('/'))
                continue;
            var matches = (await source.ListAsync(kind, cancellationToken)).Where(e => e.ShortName == reference).ToList();
            if (matches.Count > 1)
                throw new UsageException($"'{reference}' names several {kind.FolderName()} in the {source.Name} ({string.Join(", ", matches.Select(m => m.Name))}): give category/name.");
            if (matches.Count == 1 && await source.TryReadAsync(kind, matches[0].Name, cancellationToken) is { } found)
                return found;
        }
        throw new UsageException(await UnknownMessageAsync(kind, reference, cancellationToken));
    }

    /// <summary>Reads an entry from the source that listed it.</summary>
    public async Task<ComponentFile> ReadAsync(ComponentEntry entry, CancellationToken cancellationToken)
    {
        var source = Sources.First(s => s.Name == entry.Source);
        return await source.TryReadAsync(entry.Kind, entry.Name, cancellationToken)
            ?? throw new CliFailureException(ExitCodes.Failure, $"{entry.Location} disappeared while it was read.");
    }

    /// <summary>Why some source cannot be listed (see <see cref="Sources.IComponentSource.ListingProblemAsync"/>).</summary>
    public async Task<IReadOnlyList<string>> ListingProblemsAsync(CancellationToken cancellationToken)
    {
        var problems = new List<string>();
        foreach (var source in Sources)
        {
            if (await source.ListingProblemAsync(cancellationToken) is { } problem)
                problems.Add(problem);
        }
        return problems;
    }

    /// <summary>Every component of the kind in every source, in resolution order.</summary>
    public async Task<IReadOnlyList<ComponentEntry>> ListAsync(ComponentKind kind, CancellationToken cancellationToken)
    {
        var all = new List<ComponentEntry>();
        foreach (var source in Sources)
            all.AddRange(await source.ListAsync(kind, cancellationToken));
        return all;
    }

    private async Task<string> UnknownMessageAsync(ComponentKind kind, string reference, CancellationToken cancellationToken)
    {
        var message = new StringBuilder($"unknown {kind.DisplayName()} '{reference}'");
        var closest = ClosestNames.Find(reference, await ListAsync(kind, cancellationToken));
        message.Append(closest.Count > 0 ? $". Closest: {string.Join(", ", closest)}." : ".");
        message.Append($" Looked in {string.Join(", ", Sources.Select(s => $"{s.Name} ({s.Location})"))}; see `sandcastle components list {kind.FolderName()}`.");
        return message.ToString();
    }

    private static bool LooksLikePath(string reference) =>
        reference.EndsWith(".md", StringComparison.OrdinalIgnoreCase) || reference.StartsWith('/') || reference.StartsWith("./", StringComparison.Ordinal)
        || reference.StartsWith("../", StringComparison.Ordinal) || reference.StartsWith("~/", StringComparison.Ordinal);

    private async Task<ComponentFile> ReadPathAsync(ComponentKind kind, string reference, CancellationToken cancellationToken)
    {
        var expanded = reference.StartsWith("~/", StringComparison.Ordinal)
            ? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), reference[2..])
            : reference;
        var path = Path.GetFullPath(expanded, workingDirectory);
        if (!File.Exists(path))
            throw new UsageException($"{kind.DisplayName()} file {path} does not exist.");
        var entry = new ComponentEntry(kind, Path.GetFileNameWithoutExtension(path), "file", path);
        return new ComponentFile(entry, await File.ReadAllTextAsync(path, Encoding.UTF8, cancellationToken));
    }
}
