using System.Runtime.CompilerServices;
using System.Text.Json;
using Sandcastle.Client.Http;

namespace Sandcastle.Client.Sandboxes;

public sealed partial class Sandbox
{
    /// <summary>Runs Claude Code in the sandbox and returns once it has ended: the <c>result</c> event with all the run's events.</summary>
    public Task<AgentEvent> RunAgentAsync(AgentRunRequest request, CancellationToken cancellationToken = default) =>
        _connection.SendAsync<AgentEvent>(HttpMethod.Post, Path("/agent"), request.ToBody(), cancellationToken);

    /// <summary>
    /// Runs Claude Code in the sandbox, giving its events as they happen; the last is <c>result</c>, or <c>error</c>
    /// when the server could not finish the run. Cancelling (or leaving the loop) closes the stream, and the server
    /// kills Claude Code's whole process tree.
    /// </summary>
    public async IAsyncEnumerable<AgentEvent> RunAgentStreamAsync(AgentRunRequest request, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await foreach (var e in _connection.StreamAsync(HttpMethod.Post, Path("/agent"), request.ToBody(), cancellationToken))
        {
            var item = (e.Data.Deserialize<AgentEvent>(SandcastleJson.Options) ?? new AgentEvent(e.Name)) with { Type = e.Name };
            yield return item;
            if (item.Type is "result" or "error")
                yield break;
        }
        throw StreamEnded();
    }
}
