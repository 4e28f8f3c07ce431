namespace Sandcastle.Sandbox.ForkServers;

/// <summary>How a forked execution ended: its exit code, 128 + signal for a signal death.</summary>
internal sealed record ForkServerExit(int Code);
