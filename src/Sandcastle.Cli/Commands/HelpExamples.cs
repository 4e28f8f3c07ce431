using System.CommandLine;

namespace Sandcastle.Cli.Commands;

/// <summary>Examples shown at the end of each command's --help.</summary>
public sealed class HelpExamples
{
    private readonly Dictionary<Command, IReadOnlyList<string>> _examples = [];

    public IReadOnlyDictionary<Command, IReadOnlyList<string>> All => _examples;

    /// <summary>Attaches examples to a command and returns it.</summary>
    public T For<T>(T command, params string[] examples) where T : Command
    {
        _examples[command] = examples;
        return command;
    }
}
