using System.Text;

namespace Sandcastle.Sandbox.ForkServers;

/// <summary>
/// A command that bash would run by exec'ing one program with literal arguments: plain words, quoted or not, no
/// expansion, redirection, operator, assignment or builtin. A command runs as <c>bash -c COMMAND</c>, and for such a
/// command bash does nothing but search PATH and exec the program in its own place; the fork server's pid 1 can do
/// that itself and spare each execution bash's start (about 2 ms here: `bash -c "python3 -c ..."` against
/// `python3 -c ...`). pid 1 still hands the command to bash whenever the program is not found as bash would find it,
/// or its exec fails, so every message and exit code stays bash's (see child.py, <c>direct_program</c>).
/// </summary>
internal static class SimpleCommand
{
    // Bash 5.2's builtins and reserved words (`compgen -b -k`): bash runs these itself, whatever PATH holds.
    private static readonly HashSet<string> BashOwn = new(StringComparer.Ordinal)
    {
        "!", ".", ":", "[", "[[", "]]", "alias", "bg", "bind", "break", "builtin", "caller", "case", "cd", "command",
        "compgen", "complete", "compopt", "continue", "coproc", "declare", "dirs", "disown", "do", "done", "echo", "elif",
        "else", "enable", "esac", "eval", "exec", "exit", "export", "false", "fc", "fg", "fi", "for", "function",
        "getopts", "hash", "help", "history", "if", "in", "jobs", "kill", "let", "local", "logout", "mapfile", "popd",
        "printf", "pushd", "pwd", "read", "readarray", "readonly", "return", "select", "set", "shift", "shopt", "source",
        "suspend", "test", "then", "time", "times", "trap", "true", "type", "typeset", "ulimit", "umask", "unalias",
        "unset", "until", "wait", "while", "{", "}",
    };

    /// <summary>The words bash would exec for this command, or null when bash has more to do than that.</summary>
    public static IReadOnlyList<string>? Words(string command)
    {
        var words = new List<string>();
        var word = new StringBuilder();
        var inWord = false;
        for (var i = 0; i < command.Length; i++)
        {
            var c = command[i];
            if (c is ' ' or '\t')
            {
                if (inWord)
                    words.Add(word.ToString());
                word.Clear();
                inWord = false;
                continue;
            }
            inWord = true;
            if (c == '\'')
            {
                // Everything up to the next quote is literal.
                var end = command.IndexOf('\'', i + 1);
                if (end < 0)
                    return null;
                word.Append(command, i + 1, end - i - 1);
                i = end;
            }
            else if (c == '"')
            {
                var end = command.IndexOf('"', i + 1);
                if (end < 0)
                    return null;
                // Literal only without what bash expands or escapes inside double quotes.
                if (command.AsSpan(i + 1, end - i - 1).IndexOfAny("$`\\!") >= 0)
                    return null;
                word.Append(command, i + 1, end - i - 1);
                i = end;
            }
            else if (IsPlain(c))
            {
                // A first word with '=' may be an assignment; elsewhere it is a plain character.
                if (c == '=' && words.Count == 0)
                    return null;
                word.Append(c);
            }
            else
            {
                // An operator, a redirection, an expansion, a glob, a comment, a newline, a tilde, a brace: bash's.
                return null;
            }
        }
        if (inWord)
            words.Add(word.ToString());
        // A first word starting with '%' is a job to bring to the foreground (`fg`), quoted or not.
        return words.Count > 0 && words[0].Length > 0 && words[0][0] != '%' && !BashOwn.Contains(words[0]) ? words : null;
    }

    private static bool IsPlain(char c) => char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or '/' or ':' or ',' or '+' or '-' or '%' or '@' or '^' or '=';
}
