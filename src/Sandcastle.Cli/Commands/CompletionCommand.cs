using System.CommandLine;
using System.Text;
using Sandcastle.Cli.Rendering;

namespace Sandcastle.Cli.Commands;

/// <summary>
/// <c>sandcastle completion bash|zsh|fish</c>: a completion script generated from the command tree itself, so it
/// always names the commands and options this build has.
/// </summary>
public static class CompletionCommand
{
    public static Command Create(Terminal terminal, HelpExamples examples, RootCommand root)
    {
        var shell = new Argument<string>("SHELL") { Description = "bash, zsh or fish." };
        shell.AcceptOnlyFromAmong("bash", "zsh", "fish");
        var command = new Command("completion", "Print a shell completion script for sandcastle.") { shell };
        command.SetAction(parseResult =>
        {
            var paths = Paths(root, []).ToList();
            terminal.StandardOutput.Write(parseResult.GetValue(shell) switch
            {
                "zsh" => Zsh(paths),
                "fish" => Fish(paths),
                _ => Bash(paths),
            });
            return ExitCodes.Success;
        });
        return examples.For(command,
            "sandcastle completion bash > /etc/bash_completion.d/sandcastle",
            "sandcastle completion zsh > \"${fpath[1]}/_sandcastle\"",
            "sandcastle completion fish > ~/.config/fish/completions/sandcastle.fish");
    }

    /// <summary>Each command path ("", "sandbox", "sandbox rm") with the words that may follow it.</summary>
    private static IEnumerable<(string Path, IReadOnlyList<string> Words)> Paths(Command command, IReadOnlyList<string> prefix)
    {
        var words = command.Subcommands.Where(c => !c.Hidden).Select(c => c.Name)
            .Concat(command.Options.Where(o => !o.Hidden).Select(o => o.Name))
            .Concat(command.Parents.OfType<Command>().SelectMany(p => p.Options.Where(o => o.Recursive && !o.Hidden).Select(o => o.Name)))
            .Distinct().ToList();
        yield return (string.Join(' ', prefix), words);
        foreach (var sub in command.Subcommands.Where(c => !c.Hidden))
        {
            foreach (var path in Paths(sub, [.. prefix, sub.Name]))
                yield return path;
        }
    }

    private static string Bash(IReadOnlyList<(string Path, IReadOnlyList<string> Words)> paths)
    {
        var text = new StringBuilder();
        text.AppendLine("# bash completion for sandcastle (sandcastle completion bash)");
        text.AppendLine("_sandcastle() {");
        text.AppendLine("  local cur path word i");
        text.AppendLine("  cur=\"${COMP_WORDS[COMP_CWORD]}\"");
        text.AppendLine("  path=\"\"");
        text.AppendLine("  for ((i = 1; i < COMP_CWORD; i++)); do");
        text.AppendLine("    word=\"${COMP_WORDS[i]}\"");
        text.AppendLine("    [[ $word == -* ]] && continue");
        text.AppendLine("    case \"${path:+$path }$word\" in");
        foreach (var (path, _) in paths.Where(p => p.Path.Length > 0))
            text.AppendLine($"      \"{path}\") path=\"{path}\" ;;");
        text.AppendLine("    esac");
        text.AppendLine("  done");
        text.AppendLine("  case \"$path\" in");
        foreach (var (path, words) in paths)
            text.AppendLine($"    \"{path}\") COMPREPLY=($(compgen -W \"{string.Join(' ', words)}\" -- \"$cur\")) ;;");
        text.AppendLine("  esac");
        text.AppendLine("}");
        text.AppendLine("complete -o default -F _sandcastle sandcastle");
        return text.ToString();
    }

    private static string Zsh(IReadOnlyList<(string Path, IReadOnlyList<string> Words)> paths)
    {
        var text = new StringBuilder();
        text.AppendLine("#compdef sandcastle");
        text.AppendLine("# zsh completion for sandcastle (sandcastle completion zsh)");
        text.AppendLine("_sandcastle() {");
        text.AppendLine("  local path=\"\" word");
        text.AppendLine("  for word in ${words[2,CURRENT-1]}; do");
        text.AppendLine("    [[ $word == -* ]] && continue");
        text.AppendLine("    case \"${path:+$path }$word\" in");
        foreach (var (path, _) in paths.Where(p => p.Path.Length > 0))
            text.AppendLine($"      \"{path}\") path=\"{path}\" ;;");
        text.AppendLine("    esac");
        text.AppendLine("  done");
        text.AppendLine("  case \"$path\" in");
        foreach (var (path, words) in paths)
            text.AppendLine($"    \"{path}\") compadd -- {string.Join(' ', words)} ;;");
        text.AppendLine("  esac");
        text.AppendLine("  _files");
        text.AppendLine("}");
        text.AppendLine("compdef _sandcastle sandcastle");
        return text.ToString();
    }

    private static string Fish(IReadOnlyList<(string Path, IReadOnlyList<string> Words)> paths)
    {
        var text = new StringBuilder();
        text.AppendLine("# fish completion for sandcastle (sandcastle completion fish)");
        foreach (var (path, words) in paths)
        {
            var condition = path.Length == 0
                ? "__fish_use_subcommand"
                : $"__fish_seen_subcommand_from {path.Split(' ')[^1]}";
            foreach (var word in words)
            {
                text.AppendLine(word.StartsWith("--", StringComparison.Ordinal)
                    ? $"complete -c sandcastle -n '{condition}' -l {word[2..]}"
                    : $"complete -c sandcastle -f -n '{condition}' -a {word}");
            }
        }
        return text.ToString();
    }
}
