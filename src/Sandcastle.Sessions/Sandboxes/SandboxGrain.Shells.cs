using Sandcastle.Sessions.Shells;

namespace Sandcastle.Sessions.Sandboxes;

/// <summary>
/// Shell sessions: a working directory and exported variables that persist across execs naming the session
/// (see <see cref="ShellScript"/> for why each command is a fresh process). Like code contexts they live while the
/// sandbox is awake.
/// </summary>
public sealed partial class SandboxGrain
{
    private readonly Dictionary<string, ShellSession> _shells = new(StringComparer.Ordinal);

    public Task<ShellSessionView> CreateShellSessionAsync()
    {
        RequireSandbox();
        Touch();
        if (_shells.Count >= Options.MaxShellSessionsPerSandbox)
            throw new SandboxRequestException(SandboxErrorKind.Conflict, $"Sandbox '{_address.Id}' already has {Options.MaxShellSessionsPerSandbox} shell sessions; delete one first.");
        var session = new ShellSession($"s-{Guid.NewGuid():N}"[..14], time.GetUtcNow());
        _shells[session.Id] = session;
        return Task.FromResult(session.View());
    }

    public Task<List<ShellSessionView>> ListShellSessionsAsync()
    {
        RequireSandbox();
        Touch();
        return Task.FromResult(_shells.Values.OrderBy(s => s.CreatedAt).Select(s => s.View()).ToList());
    }

    public Task<ShellSessionView> GetShellSessionAsync(string sessionId) => Task.FromResult(RequireShell(sessionId).View());

    /// <summary>Forgets the session; a command still running in it is killed by its own stream's end, not here.</summary>
    public Task DeleteShellSessionAsync(string sessionId)
    {
        RequireShell(sessionId);
        _shells.Remove(sessionId);
        return Task.CompletedTask;
    }

    private ShellSession RequireShell(string sessionId)
    {
        var metadata = RequireSandbox();
        Touch();
        if (_shells.TryGetValue(sessionId, out var session))
            return session;
        throw new SandboxRequestException(SandboxErrorKind.NotFound, metadata.LostOnSleep.Contains(sessionId)
            ? $"Shell session '{sessionId}' was lost when sandbox '{_address.Id}' went to sleep (idle past sleepAfter, or the server stopped): sessions live only while their sandbox is awake. Create a new one."
            : $"Shell session '{sessionId}' does not exist in sandbox '{_address.Id}'.");
    }
}
