using Sandcastle.Generation.Prompts;
using Sandcastle.Sandbox;

namespace Sandcastle.Generation.Tests.Prompts;

public sealed class FollowUpPromptsTests
{
    [Fact]
    public void Fix_QuotesProgramFailureAndStreams()
    {
        var text = FollowUpPrompts.Fix(SandboxLanguage.Python, "print(x)\n", "partial", "NameError: x", "it exited with code 1", replyWasCut: false);

        Assert.Contains("it exited with code 1", text, StringComparison.Ordinal);
        Assert.Contains("```python\nprint(x)\n```", text.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        Assert.Contains("NameError: x", text, StringComparison.Ordinal);
        Assert.Contains("partial", text, StringComparison.Ordinal);
        Assert.DoesNotContain("token limit", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Fix_KeepsOnlyTheEndOfHugeStderr()
    {
        var stderr = new string('a', 10_000) + "THE-LAST-LINE";

        var text = FollowUpPrompts.Fix(SandboxLanguage.Bash, "echo", "", stderr, "it exited with code 2", replyWasCut: true);

        Assert.Contains("THE-LAST-LINE", text, StringComparison.Ordinal);
        Assert.True(text.Length < 6000, $"{text.Length} chars");
        Assert.Contains("It wrote nothing to stdout.", text, StringComparison.Ordinal);
        Assert.Contains("token limit", text, StringComparison.Ordinal);
    }
}
