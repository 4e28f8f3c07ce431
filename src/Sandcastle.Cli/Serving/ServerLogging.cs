using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;

namespace Sandcastle.Cli.Serving;

/// <summary>
/// Logs of <c>sandcastle serve</c>: one line each, UTC timestamps, all to stderr (stdout stays free). Without --verbose
/// the framework keeps to errors: Orleans' start-up notes (ServerGC advice, a watchdog "deadlock" whose duration is
/// measured from a clock that starts before the silo) and Kestrel's "Now listening on" say nothing a user acts on.
/// </summary>
public static class ServerLogging
{
    public static void Configure(WebApplicationBuilder builder, bool verbose)
    {
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(options =>
        {
            options.SingleLine = true;
            options.UseUtcTimestamp = true;
            options.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ ";
        });
        builder.Services.Configure<ConsoleLoggerOptions>(options => options.LogToStandardErrorThreshold = LogLevel.Trace);
        if (verbose)
        {
            builder.Logging.SetMinimumLevel(LogLevel.Debug);
            builder.Logging.AddFilter("Orleans", LogLevel.Information);
            builder.Logging.AddFilter("Microsoft", LogLevel.Information);
            return;
        }
        builder.Logging.AddFilter("Orleans", LogLevel.Error);
        builder.Logging.AddFilter("Microsoft", LogLevel.Warning);
        // The forwarder logs two lines per request at Information (a cluster forwards every file and port request).
        builder.Logging.AddFilter("Yarp", LogLevel.Warning);
        builder.Logging.AddFilter("Microsoft.Hosting.Lifetime", LogLevel.Warning);
        builder.Logging.AddFilter("Microsoft.Extensions.Hosting", LogLevel.Critical);
    }
}
