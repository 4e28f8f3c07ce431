using Sandcastle.Cli.Running;
using Sandcastle.Client;

namespace Sandcastle.Cli.Remote;

/// <summary>
/// The CLI's side of <c>--server</c>: a <see cref="SandcastleClient"/> with the caller's key, and the CLI failure
/// (message and exit code) for whatever the client throws.
/// </summary>
public static class RemoteServer
{
    /// <param name="apiKey">From <see cref="ServerAddress.ApiKey"/>: --api-key, else SANDCASTLE_API_KEY.</param>
    public static SandcastleClient Connect(Uri server, HttpClient http, string? apiKey) => new(server, apiKey, http);

    /// <summary>Runs calls to <paramref name="server"/>, turning the client's exceptions into <see cref="CliFailureException"/>s.</summary>
    public static async Task<T> GuardAsync<T>(Uri server, Func<Task<T>> calls, CancellationToken cancellationToken)
    {
        try
        {
            return await calls();
        }
        catch (SandcastleApiException e) when (e.Code == "stream_failed" && e.StatusCode == 0)
        {
            throw new CliFailureException(ExitCodes.ServerUnreachable, $"the server at {server} ended the stream without a result: {e.Message}", e);
        }
        catch (SandcastleApiException e)
        {
            throw ServerErrors.From(e.StatusCode, e.Error, e.Message);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            throw Unreachable(server, e);
        }
    }

    public static CliFailureException Unreachable(Uri server, Exception e) => new(ExitCodes.ServerUnreachable,
        $"cannot reach the Sandcastle server at {server} ({e.Message}). Start one with `sandcastle serve`, or leave out --server (and SANDCASTLE_SERVER) to run embedded.", e);
}
