using Sandcastle.Cli.Commands;
using Sandcastle.Cli.Running;
using Sandcastle.Server.Web;

namespace Sandcastle.Cli.Components;

/// <summary>
/// What <c>sandcastle serve</c> gives the web playground's agent and command pickers: the components
/// <c>sandcastle run</c> would find from the directory it was started in, parsed here so the page only applies them
/// (agent prompt as <c>role</c>, model aliases resolved, command template around the question).
/// </summary>
public sealed class ServerComponentCatalog(HttpClient http) : IComponentCatalog
{
    public async Task<ComponentCatalogResponse> ListAsync(CancellationToken cancellationToken)
    {
        var resolver = ComponentsCommand.CreateResolver(null, http);
        var agents = new List<CatalogAgent>();
        foreach (var entry in Shadowed(await resolver.ListAsync(ComponentKind.Agent, cancellationToken)))
        {
            if (await TryParseAsync(resolver, entry, ComponentParser.ParseAgent, cancellationToken) is { } agent)
                agents.Add(new CatalogAgent(entry.Name, entry.Source, agent.Description, ModelAliases.Resolve(agent.Model), agent.Prompt));
        }
        var commands = new List<CatalogCommand>();
        foreach (var entry in Shadowed(await resolver.ListAsync(ComponentKind.Command, cancellationToken)))
        {
            if (await TryParseAsync(resolver, entry, ComponentParser.ParseCommand, cancellationToken) is { } command)
                commands.Add(new CatalogCommand(entry.Name, entry.Source, command.Description, command.ArgumentHint, command.Template));
        }
        return new ComponentCatalogResponse(agents, commands);
    }

    /// <summary>As resolution does: a name found in an earlier source (the project) hides the same name later.</summary>
    private static IEnumerable<ComponentEntry> Shadowed(IReadOnlyList<ComponentEntry> entries) =>
        entries.DistinctBy(e => e.ShortName).OrderBy(e => e.ShortName, StringComparer.Ordinal);

    private static async Task<T?> TryParseAsync<T>(ComponentResolver resolver, ComponentEntry entry, Func<ComponentFile, T> parse, CancellationToken cancellationToken)
        where T : class
    {
        try
        {
            return parse(await resolver.ReadAsync(entry, cancellationToken));
        }
        catch (Exception e) when (e is MalformedComponentException or CliFailureException or IOException or HttpRequestException)
        {
            // A broken component is left out of the pickers; `sandcastle components list` names the problem.
            return null;
        }
    }
}
