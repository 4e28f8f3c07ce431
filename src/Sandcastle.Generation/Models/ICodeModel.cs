namespace Sandcastle.Generation.Models;

/// <summary>
/// A chat model that writes code, behind one streaming call so providers can be swapped
/// (Anthropic's SDK, or any <c>Microsoft.Extensions.AI</c> chat client).
/// </summary>
public interface ICodeModel
{
    /// <summary>
    /// Streams the reply as <see cref="ModelTextDelta"/> items, then exactly one <see cref="ModelCompleted"/>.
    /// Failures surface as <see cref="ModelException"/> or <see cref="ModelNotConfiguredException"/>.
    /// </summary>
    IAsyncEnumerable<ModelStreamEvent> StreamAsync(ModelRequest request, CancellationToken cancellationToken = default);
}
