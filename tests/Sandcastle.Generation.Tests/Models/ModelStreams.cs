using Sandcastle.Generation.Models;

namespace Sandcastle.Generation.Tests.Models;

internal static class ModelStreams
{
    public static async Task<List<ModelStreamEvent>> CollectAsync(this ICodeModel model, ModelRequest request, CancellationToken cancellationToken)
    {
        var events = new List<ModelStreamEvent>();
        await foreach (var item in model.StreamAsync(request, cancellationToken))
            events.Add(item);
        return events;
    }

    public static ModelRequest Ask(string question, string? model = null, int maxTokens = 256) =>
        new("You write code.", [ModelMessage.User(question)], model, maxTokens);
}
