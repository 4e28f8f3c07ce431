using Microsoft.Extensions.Hosting;

namespace Sandcastle.Server.Observability;

/// <summary>
/// Creates the server's instruments as the host starts, so the gauges answer from the first scrape. Not earlier: the
/// journal's metrics need the sandbox engine, and building the app must not start an engine (a refusal before
/// listening, such as an exposed address without API keys, would otherwise start one and log its housekeeping).
/// </summary>
internal sealed class InstrumentsAtStart(ExecutionJournal journal) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        GC.KeepAlive(journal);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
