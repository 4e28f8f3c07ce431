namespace Sandcastle.Sandbox.ForkServers;

/// <summary>
/// How many warm Node spares the engine keeps, and the first message that warms one. While TypeScript has run lately,
/// new warm Nodes load the type stripper before their run (5 ms of each one's start, off the run's path); otherwise
/// they leave it to the first TypeScript run that needs it, so JavaScript alone never pays for it.
/// </summary>
internal sealed class WarmNodeSpares(int count, byte[] message, byte[] typeScriptMessage)
{
    /// <summary>How long after a TypeScript run new warm Nodes are still primed for the next.</summary>
    public static readonly TimeSpan TypeScriptWindow = TimeSpan.FromMinutes(5);

    private long _typeScriptRanAt = long.MinValue / 2;

    public int Count => count;

    public void TypeScriptRan() => Volatile.Write(ref _typeScriptRanAt, Environment.TickCount64);

    /// <summary>The WARM frame's message for a spare warmed now.</summary>
    public byte[] Message() =>
        Environment.TickCount64 - Volatile.Read(ref _typeScriptRanAt) < (long)TypeScriptWindow.TotalMilliseconds ? typeScriptMessage : message;
}
