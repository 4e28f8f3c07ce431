namespace Sandcastle.Sandbox.Contexts;

/// <summary>How a <see cref="CodeContext"/> waits for its kernel.</summary>
public sealed record CodeContextOptions
{
    /// <summary>How long a new kernel may take to say it is ready.</summary>
    public TimeSpan StartTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How long after a run's time limit the kernel may take to interrupt the cell itself before its process
    /// is killed (a cell blocked in a C call or a child process cannot be interrupted).
    /// </summary>
    public TimeSpan InterruptGrace { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Output a finished run left behind (a background process) kept for the next run, per context.</summary>
    public int BacklogBytes { get; init; } = 64 * 1024;

    public static CodeContextOptions Default { get; } = new();
}
