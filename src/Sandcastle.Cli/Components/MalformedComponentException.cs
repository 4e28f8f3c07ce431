namespace Sandcastle.Cli.Components;

/// <summary>A component file cannot be used; the message names the file and what is wrong.</summary>
public sealed class MalformedComponentException(string location, string problem, Exception? inner = null)
    : Exception($"{location}: {problem}", inner)
{
    public string Location { get; } = location;
}
