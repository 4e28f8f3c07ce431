using System.Collections.Concurrent;

namespace Sandcastle.Sandbox.ForkServers;

/// <summary>
/// How many warm Node spares the engine keeps, and the first message that warms one. A group's new warm Nodes (a
/// tenant's; "" for none) follow the latest run a warm Node of that group served: after TypeScript, they load the type
/// stripper and start Node's loader of ES modules before their run (about 10 ms of each one's start, off the run's
/// path); after JavaScript, they leave both to the TypeScript run that needs them, so JavaScript does not pay for
/// them. Per group, because a run can tell whether its Node was primed (the modules Node has loaded): what it learns
/// is its own tenant's latest run, never another's.
/// </summary>
internal sealed class WarmNodeSpares(int count, byte[] message, byte[] typeScriptMessage)
{
    // The groups whose latest warm run was TypeScript (a JavaScript run takes its group out).
    private readonly ConcurrentDictionary<string, byte> _typeScriptLast = new(StringComparer.Ordinal);

    public int Count => count;

    /// <summary>A run a warm Node may serve has started: TypeScript the Node can strip, or JavaScript.</summary>
    public void NodeRan(string? group, bool typeScript)
    {
        if (typeScript)
            _typeScriptLast[group ?? ""] = 0;
        else
            _typeScriptLast.TryRemove(group ?? "", out _);
    }

    /// <summary>The WARM frame's message for a spare of this group warmed now.</summary>
    public byte[] Message(string? group) => _typeScriptLast.ContainsKey(group ?? "") ? typeScriptMessage : message;
}
