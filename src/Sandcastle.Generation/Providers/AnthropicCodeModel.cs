using System.Runtime.CompilerServices;
using Anthropic;
using Anthropic.Models.Messages;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Sandcastle.Generation.Models;

namespace Sandcastle.Generation.Providers;

/// <summary>
/// <see cref="ICodeModel"/> over the official Anthropic SDK's streaming Messages API. Retries transient failures
/// itself (the SDK's own retries are off) so the policy is bounded by <see cref="GenerationOptions"/>, and only
/// while no text has been streamed: a retry after that would repeat text the caller already has.
/// </summary>
public sealed class AnthropicCodeModel(IOptions<GenerationOptions> options, ILogger<AnthropicCodeModel> logger) : ICodeModel, IDisposable
{
    private readonly Lock _clientLock = new();
    private AnthropicClient? _client;

    public async IAsyncEnumerable<ModelStreamEvent> StreamAsync(
        ModelRequest request, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var settings = options.Value;
        var client = GetClient(settings);
        var parameters = AnthropicRequests.ToParams(request, settings);
        for (var retry = 0; ; retry++)
        {
            var reply = new AnthropicReplyState(parameters.Model.Raw());
            ModelException? failure = null;
            await using (var events = client.Messages.CreateStreaming(parameters, cancellationToken).GetAsyncEnumerator(cancellationToken))
            {
                while (true)
                {
                    RawMessageStreamEvent item;
                    try
                    {
                        if (!await events.MoveNextAsync())
                            break;
                        item = events.Current;
                    }
                    catch (Exception e) when (cancellationToken.IsCancellationRequested && e is not OperationCanceledException)
                    {
                        // The SDK may surface an aborted read as an I/O error; callers expect cancellation.
                        throw new OperationCanceledException("The model call was cancelled.", e, cancellationToken);
                    }
                    catch (Exception e) when (!cancellationToken.IsCancellationRequested)
                    {
                        failure = AnthropicErrors.Map(e, settings);
                        break;
                    }
                    if (reply.Apply(item) is { } text)
                        yield return new ModelTextDelta(text);
                }
            }

            if (failure is null)
            {
                yield return reply.ToCompleted();
                yield break;
            }
            if (reply.HasText || !failure.IsTransient || retry >= settings.MaxRetries)
                throw failure;
            var delay = settings.RetryDelay(retry + 1);
            logger.LogWarning("Model call failed ({Kind}, status {Status}); retry {Retry} of {MaxRetries} in {Delay} ms.",
                failure.Kind, failure.StatusCode, retry + 1, settings.MaxRetries, (long)delay.TotalMilliseconds);
            await Task.Delay(delay, cancellationToken);
        }
    }

    public void Dispose()
    {
        lock (_clientLock)
        {
            _client?.Dispose();
            _client = null;
        }
    }

    private AnthropicClient GetClient(GenerationOptions settings)
    {
        if (string.IsNullOrWhiteSpace(settings.ApiKey))
            throw new ModelNotConfiguredException();
        lock (_clientLock)
        {
            return _client ??= new AnthropicClient
            {
                ApiKey = settings.ApiKey,
                BaseUrl = string.IsNullOrWhiteSpace(settings.BaseUrl) ? "https://api.anthropic.com" : settings.BaseUrl.TrimEnd('/'),
                MaxRetries = 0,
                Timeout = settings.RequestTimeout,
            };
        }
    }
}
