using System.Runtime.CompilerServices;
using Sandcastle.Generation.Models;

namespace Sandcastle.Benchmarks.Server;

/// <summary>A model that answers at once with a fixed program, so only the server and the sandbox cost time.</summary>
internal sealed class InstantCodeModel : ICodeModel
{
    private static readonly string[] Pieces = ["```python\n", "print(", "2 ** 10", ")\n```\n"];

    public async IAsyncEnumerable<ModelStreamEvent> StreamAsync(ModelRequest request, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        foreach (var piece in Pieces)
            yield return new ModelTextDelta(piece);
        yield return new ModelCompleted("instant", "end_turn", new TokenUsage(10, 5));
        await Task.CompletedTask;
    }
}
