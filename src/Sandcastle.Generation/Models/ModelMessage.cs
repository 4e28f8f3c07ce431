namespace Sandcastle.Generation.Models;

/// <summary>One turn of the conversation.</summary>
public sealed record ModelMessage(ModelRole Role, string Text)
{
    public static ModelMessage User(string text) => new(ModelRole.User, text);

    public static ModelMessage Assistant(string text) => new(ModelRole.Assistant, text);
}
