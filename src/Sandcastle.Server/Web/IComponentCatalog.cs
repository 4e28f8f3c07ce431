namespace Sandcastle.Server.Web;

/// <summary>
/// The agents and commands the playground's pickers offer. The server itself knows no component format:
/// <c>sandcastle serve</c> supplies the CLI's resolver (project, user and bundled catalog); without one the
/// pickers are empty.
/// </summary>
public interface IComponentCatalog
{
    Task<ComponentCatalogResponse> ListAsync(CancellationToken cancellationToken);
}

/// <summary>The body of GET /v1/catalog. Components that fail to parse are left out (the CLI reports them).</summary>
public sealed record ComponentCatalogResponse(IReadOnlyList<CatalogAgent> Agents, IReadOnlyList<CatalogCommand> Commands);

/// <param name="Prompt">The agent's system prompt: sent as /execute's <c>role</c>.</param>
/// <param name="Model">The model it asks for (sonnet, haiku, opus, a full id) or null.</param>
public sealed record CatalogAgent(string Name, string Source, string Description, string? Model, string Prompt);

/// <param name="Template">The prompt template; <c>$ARGUMENTS</c> is replaced by the question (appended when absent).</param>
public sealed record CatalogCommand(string Name, string Source, string Description, string? ArgumentHint, string Template);

internal sealed class EmptyComponentCatalog : IComponentCatalog
{
    public Task<ComponentCatalogResponse> ListAsync(CancellationToken cancellationToken) =>
        Task.FromResult(new ComponentCatalogResponse([], []));
}
