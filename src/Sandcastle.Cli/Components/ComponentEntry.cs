namespace Sandcastle.Cli.Components;

/// <summary>A component a source offers, before it is read.</summary>
/// <param name="Kind">Agent or command.</param>
/// <param name="Name">Its name within the source; catalogs use <c>category/name</c>.</param>
/// <param name="Source">Where it comes from: file, project, user or catalog.</param>
/// <param name="Location">A path or URL, for messages.</param>
public sealed record ComponentEntry(ComponentKind Kind, string Name, string Source, string Location)
{
    /// <summary>The name without its category.</summary>
    public string ShortName => Name[(Name.LastIndexOf('/') + 1)..];
}
