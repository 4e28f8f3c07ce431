using Microsoft.Extensions.Options;
using Sandcastle.Sandbox;
using Sandcastle.Server.Hosting;

namespace Sandcastle.Server.Health;

/// <summary>
/// Runs <see cref="SandboxEngine.CheckAsync"/> at most once per <see cref="ServerOptions.HealthCheckCacheDuration"/>:
/// health probes come often, and each check starts a real sandbox.
/// </summary>
public sealed class SandboxHealthProbe(SandboxEngine engine, IOptions<ServerOptions> options, TimeProvider time)
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private (SandboxHealth Health, DateTimeOffset At)? _last;

    public async Task<SandboxHealth> CheckAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var now = time.GetUtcNow();
            if (_last is { } last && now - last.At < options.Value.HealthCheckCacheDuration)
                return last.Health;
            var health = await engine.CheckAsync(cancellationToken);
            _last = (health, time.GetUtcNow());
            return health;
        }
        finally
        {
            _gate.Release();
        }
    }
}
