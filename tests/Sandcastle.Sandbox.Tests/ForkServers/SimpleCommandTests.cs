using Sandcastle.Sandbox.ForkServers;

namespace Sandcastle.Sandbox.Tests.ForkServers;

/// <summary>Which commands the fork server's pid 1 may exec without bash: only plain words, as bash would split them.</summary>
public sealed class SimpleCommandTests
{
    [Theory]
    [InlineData("python3 -c 'print(1)'", new[] { "python3", "-c", "print(1)" })]
    [InlineData("  ls   -la\t/workspace ", new[] { "ls", "-la", "/workspace" })]
    [InlineData("node \"a b\" c'd e'f '' x=y --opt=1,2:3+4%5@6^7", new[] { "node", "a b", "cd ef", "", "x=y", "--opt=1,2:3+4%5@6^7" })]
    [InlineData("'/usr/bin/my prog' \"it's\"", new[] { "/usr/bin/my prog", "it's" })]
    public void PlainWords_AreExecdAsBashWouldSplitThem(string command, string[] words)
    {
        Assert.Equal(words, SimpleCommand.Words(command));
    }

    [Theory]
    [InlineData("true")] // a builtin
    [InlineData("echo hi")]
    [InlineData("'printf' x")] // quoted, still a builtin
    [InlineData("if")] // a reserved word
    [InlineData("A=1 python3")] // an assignment
    [InlineData("python3 $HOME")]
    [InlineData("python3 \"$HOME\"")]
    [InlineData("python3 \"a\\b\"")]
    [InlineData("python3 `id`")]
    [InlineData("python3 *.py")]
    [InlineData("python3 ~/x")]
    [InlineData("python3 a{b,c}")]
    [InlineData("python3 > out")]
    [InlineData("python3 < in")]
    [InlineData("python3 | cat")]
    [InlineData("python3; ls")]
    [InlineData("python3 & ls")]
    [InlineData("python3 # comment")]
    [InlineData("python3\nls")]
    [InlineData("python3 'unclosed")]
    [InlineData("python3 \"unclosed")]
    [InlineData("(python3)")]
    [InlineData("python3 \"!x\"")]
    [InlineData("''")]
    [InlineData("%1")] // a job: bash's fg
    [InlineData("'%x' y")]
    [InlineData("python3 caf\u00e9")] // not ASCII: left to bash's locale
    public void AnythingBashWouldDoMoreFor_IsLeftToBash(string command)
    {
        Assert.Null(SimpleCommand.Words(command));
    }
}
