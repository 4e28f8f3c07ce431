using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using Microsoft.AspNetCore.Http;
using Sandcastle.Sessions.Sandboxes;

namespace Sandcastle.Server.Sandboxes;

/// <summary>
/// Turns a grain stream into server-sent events with the liveness guarantee: a refusal before the first event is an
/// ordinary error response (404, 400...); once streaming, a failure or an end without a terminal event becomes a
/// final <c>error</c> event. It never ends silently and never invents a completion.
/// </summary>
internal static class GuardedStream
{
    public static Task<IResult> ServeAsync<T>(
        IAsyncEnumerable<T> source, Func<T, StreamEvent> map, Func<T, bool> isTerminal, CancellationToken cancellationToken) =>
        ServeAsync(source, item => { var e = map(item); return new SseItem<object>(e, e.Type); }, isTerminal, cancellationToken);

    /// <summary>As above, for events whose data is not a <see cref="StreamEvent"/>: <paramref name="map"/> names each one.</summary>
    public static async Task<IResult> ServeAsync<T>(
        IAsyncEnumerable<T> source, Func<T, SseItem<object>> map, Func<T, bool> isTerminal, CancellationToken cancellationToken)
    {
        var enumerator = source.GetAsyncEnumerator(cancellationToken);
        bool any;
        try
        {
            any = await enumerator.MoveNextAsync();
        }
        catch (SandboxRequestException e)
        {
            await enumerator.DisposeAsync();
            return SandboxErrors.From(e);
        }
        return TypedResults.ServerSentEvents(Follow(enumerator, any, map, isTerminal, cancellationToken));
    }

    private static async IAsyncEnumerable<SseItem<object>> Follow<T>(
        IAsyncEnumerator<T> enumerator, bool any, Func<T, SseItem<object>> map, Func<T, bool> isTerminal,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var _ = enumerator;
        var more = any;
        while (more)
        {
            yield return map(enumerator.Current);
            if (isTerminal(enumerator.Current))
                yield break;
            string? failure = null;
            try
            {
                more = await enumerator.MoveNextAsync();
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                yield break; // The client left; nobody is listening.
            }
            catch (Exception e)
            {
                failure = e is SandboxRequestException ? e.Message : $"The sandbox stopped answering ({e.GetType().Name}).";
            }
            if (failure is not null)
            {
                yield return Error(failure);
                yield break;
            }
        }
        yield return Error("The stream ended without a result.");
    }

    private static SseItem<object> Error(string message) =>
        new(new StreamEvent("error") { Error = "stream_failed", Message = message }, "error");
}
