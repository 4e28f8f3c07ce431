namespace Sandcastle.Cli.Components.Sources;

/// <summary>A place components come from: a project's or the user's <c>.claude/</c>, or a catalog.</summary>
public interface IComponentSource
{
    /// <summary>project, user or catalog.</summary>
    string Name { get; }

    /// <summary>The directory or URL, for messages.</summary>
    string Location { get; }

    /// <summary>Every component of the kind it offers.</summary>
    Task<IReadOnlyList<ComponentEntry>> ListAsync(ComponentKind kind, CancellationToken cancellationToken);

    /// <summary>Why this source cannot be listed (a catalog that is missing or has no index); null when it can.</summary>
    Task<string?> ListingProblemAsync(CancellationToken cancellationToken) => Task.FromResult<string?>(null);

    /// <summary>The component at this exact name (<c>name</c> or <c>category/name</c>), or null.</summary>
    Task<ComponentFile?> TryReadAsync(ComponentKind kind, string name, CancellationToken cancellationToken);
}
