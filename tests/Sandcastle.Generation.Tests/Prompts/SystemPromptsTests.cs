using Sandcastle.Generation.Prompts;
using Sandcastle.Sandbox;

namespace Sandcastle.Generation.Tests.Prompts;

public sealed class SystemPromptsTests
{
    [Theory]
    [InlineData(SandboxLanguage.Python, "```python")]
    [InlineData(SandboxLanguage.JavaScript, "```javascript")]
    [InlineData(SandboxLanguage.TypeScript, "```typescript")]
    [InlineData(SandboxLanguage.Bash, "```bash")]
    public void For_EachLanguage_AsksForOneFencedProgram_WithTheSandboxRules(SandboxLanguage language, string fence)
    {
        var prompt = SystemPrompts.For(language);

        Assert.Contains(fence, prompt, StringComparison.Ordinal);
        Assert.Contains("exactly one fenced code block", prompt, StringComparison.Ordinal);
        Assert.Contains("no network", prompt, StringComparison.Ordinal);
        Assert.Contains("never read standard input", prompt, StringComparison.Ordinal);
        Assert.Contains("/workspace", prompt, StringComparison.Ordinal);
        Assert.Contains("few seconds", prompt, StringComparison.Ordinal);
        Assert.DoesNotContain("# Role", prompt, StringComparison.Ordinal);
    }

    [Fact]
    public void For_Python_NamesTheLibrariesAndTheAggBackend()
    {
        var prompt = SystemPrompts.For(SandboxLanguage.Python);

        Assert.Contains("numpy, pandas and matplotlib", prompt, StringComparison.Ordinal);
        Assert.Contains("matplotlib.use(\"Agg\")", prompt, StringComparison.Ordinal);
        Assert.Contains("plt.savefig", prompt, StringComparison.Ordinal);
        Assert.Contains("never call plt.show()", prompt, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(SandboxLanguage.JavaScript)]
    [InlineData(SandboxLanguage.TypeScript)]
    public void For_Node_AllowsBuiltInsOnly(SandboxLanguage language)
    {
        var prompt = SystemPrompts.For(language);

        Assert.Contains("Node.js 20", prompt, StringComparison.Ordinal);
        Assert.Contains("No npm packages", prompt, StringComparison.Ordinal);
    }

    [Fact]
    public void For_WithRole_InsertsItsOwnSection()
    {
        var prompt = SystemPrompts.For(SandboxLanguage.Python, "  You are a careful statistician.\n");

        Assert.Contains("# Role\nYou are a careful statistician.\n", prompt.ReplaceLineEndings("\n"), StringComparison.Ordinal);
    }
}
