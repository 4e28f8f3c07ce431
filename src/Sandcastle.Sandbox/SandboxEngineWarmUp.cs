using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Sandcastle.Sandbox;

/// <summary>Starts the engine's fork server when the host starts, so that even the first execution is forked.</summary>
internal sealed class SandboxEngineWarmUp(SandboxEngine engine, ILogger<SandboxEngineWarmUp> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        // In the background: the host is ready to serve before it; executions take launchers until it is up.
        _ = Task.Run(async () =>
        {
            try
            {
                await engine.WarmUpAsync(CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception e)
            {
                logger.LogWarning("The fork server did not start ({Error}); executions start their own launchers.", e.Message);
            }
        }, CancellationToken.None);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
