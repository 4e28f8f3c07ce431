namespace Sandcastle.Sandbox.ForkServers;

/// <summary>
/// How many warm Node spares the engine keeps, and the first message that warms one. New warm Nodes follow the
/// latest run a warm Node served: after TypeScript, they load the type stripper and start Node's loader of ES modules
/// before their run (about 10 ms of each one's start, off the run's path); after JavaScript, they leave both to the
/// TypeScript run that needs them, so JavaScript does not pay for them.
/// </summary>
internal sealed class WarmNodeSpares(int count, byte[] message, byte[] typeScriptMessage)
{
    private volatile bool _typeScriptLast;

    public int Count => count;

    /// <summary>A JavaScript or TypeScript run that a warm Node may serve has been started.</summary>
    public void NodeRan(bool typeScript) => _typeScriptLast = typeScript;

    /// <summary>The WARM frame's message for a spare warmed now.</summary>
    public byte[] Message() => _typeScriptLast ? typeScriptMessage : message;
}
