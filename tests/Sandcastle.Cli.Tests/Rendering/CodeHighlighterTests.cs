using Sandcastle.Cli.Rendering;
using Sandcastle.Sandbox;

namespace Sandcastle.Cli.Tests.Rendering;

public sealed class CodeHighlighterTests
{
    [Fact]
    public void Python_ColoursKeywordsStringsNumbersAndComments_AndEscapesMarkup()
    {
        var markup = CodeHighlighter.ToMarkup("for x in [1, 2]: print('a[b]')  # done", SandboxLanguage.Python);

        Assert.Equal("[blue]for[/] x [blue]in[/] [[[magenta]1[/], [magenta]2[/]]]: [blue]print[/]([green]'a[[b]]'[/])  [grey]# done[/]", markup);
    }

    [Fact]
    public void JavaScript_UsesSlashComments_AndKeepsHashesInStrings()
    {
        var markup = CodeHighlighter.ToMarkup("const s = \"#not a comment\"; // real", SandboxLanguage.JavaScript);

        Assert.Equal("[blue]const[/] s = [green]\"#not a comment\"[/]; [grey]// real[/]", markup);
    }
}
