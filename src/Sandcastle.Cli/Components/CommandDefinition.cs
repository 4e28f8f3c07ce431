namespace Sandcastle.Cli.Components;

/// <summary>A Claude Code slash command: optional front matter and a prompt template using <c>$ARGUMENTS</c>.</summary>
/// <param name="Name">The command's name (the file name).</param>
/// <param name="Description">What it does; empty when the file has no front matter.</param>
/// <param name="ArgumentHint">The arguments it expects, e.g. <c>[component-name]</c>.</param>
/// <param name="AllowedTools">Tools it may use; empty means all.</param>
/// <param name="Template">The body.</param>
/// <param name="File">Where it was read from.</param>
public sealed record CommandDefinition(
    string Name, string Description, string? ArgumentHint, IReadOnlyList<string> AllowedTools, string Template, ComponentFile File)
{
    public const string ArgumentsPlaceholder = "$ARGUMENTS";

    /// <summary>The template with <c>$ARGUMENTS</c> replaced; a template without it gets the arguments appended.</summary>
    public string Apply(string arguments) => Template.Contains(ArgumentsPlaceholder, StringComparison.Ordinal)
        ? Template.Replace(ArgumentsPlaceholder, arguments, StringComparison.Ordinal)
        : $"{Template.TrimEnd()}\n\n{arguments}";
}
