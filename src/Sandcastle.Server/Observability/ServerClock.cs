using Microsoft.Extensions.Hosting;

namespace Sandcastle.Server.Observability;

/// <summary>When the server started, for its uptime: taken as the host starts, not when first asked.</summary>
public sealed class ServerClock(TimeProvider time) : IHostedService
{
    public DateTimeOffset StartedAt { get; private set; } = time.GetUtcNow();

    public TimeSpan Uptime => time.GetUtcNow() - StartedAt;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        StartedAt = time.GetUtcNow();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
