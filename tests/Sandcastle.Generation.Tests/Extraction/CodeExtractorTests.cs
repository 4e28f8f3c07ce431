using Sandcastle.Generation.Extraction;
using Sandcastle.Sandbox;

namespace Sandcastle.Generation.Tests.Extraction;

public sealed class CodeExtractorTests
{
    [Theory]
    [InlineData("python")]
    [InlineData("py")]
    [InlineData("python3")]
    [InlineData("Python")]
    [InlineData("python3.12")]
    [InlineData("{.python}")]
    [InlineData("python title=\"main.py\"")]
    public void Extract_PythonFenceTags_AreRecognised(string tag)
    {
        var reply = $"Here is the program:\n\n```{tag}\nprint(6 * 7)\n```\n\nIt prints 42.";

        Assert.Equal("print(6 * 7)\n", CodeExtractor.Extract(reply, SandboxLanguage.Python));
    }

    [Theory]
    [InlineData("js", SandboxLanguage.JavaScript)]
    [InlineData("javascript", SandboxLanguage.JavaScript)]
    [InlineData("node", SandboxLanguage.JavaScript)]
    [InlineData("mjs", SandboxLanguage.JavaScript)]
    [InlineData("ts", SandboxLanguage.TypeScript)]
    [InlineData("typescript", SandboxLanguage.TypeScript)]
    [InlineData("sh", SandboxLanguage.Bash)]
    [InlineData("bash", SandboxLanguage.Bash)]
    [InlineData("shell", SandboxLanguage.Bash)]
    public void Extract_OtherLanguageTags_AreRecognised(string tag, SandboxLanguage language)
    {
        var reply = $"```{tag}\nconsole.log(1);\n```";

        Assert.Equal("console.log(1);\n", CodeExtractor.Extract(reply, language));
    }

    [Fact]
    public void Extract_TildeFence_IsRecognised()
    {
        const string reply = "~~~python\nimport math\nprint(math.pi)\n~~~\n";

        Assert.Equal("import math\nprint(math.pi)\n", CodeExtractor.Extract(reply, SandboxLanguage.Python));
    }

    [Fact]
    public void Extract_UntaggedFence_ThatLooksLikeCode_IsUsed()
    {
        const string reply = "Sure.\n```\nimport statistics\nprint(statistics.mean([1, 2, 3]))\n```";

        Assert.Equal("import statistics\nprint(statistics.mean([1, 2, 3]))\n", CodeExtractor.Extract(reply, SandboxLanguage.Python));
    }

    [Fact]
    public void Extract_PrefersMatchingTag_OverUntaggedOutputBlock()
    {
        const string reply = """
            ```python
            total = sum(range(101))
            print(f"Sum: {total}")
            ```

            Output:

            ```
            Sum: 5050
            ```
            """;

        Assert.Equal("total = sum(range(101))\nprint(f\"Sum: {total}\")\n", CodeExtractor.Extract(reply, SandboxLanguage.Python));
    }

    [Fact]
    public void Extract_PrefersMatchingTag_OverOtherLanguages()
    {
        const string reply = """
            You could install it with:

            ```bash
            pip install nothing-needed
            ```

            But the standard library is enough:

            ```python
            import json
            print(json.dumps({"a": 1}))
            ```
            """;

        Assert.Equal("import json\nprint(json.dumps({\"a\": 1}))\n", CodeExtractor.Extract(reply, SandboxLanguage.Python));
    }

    [Fact]
    public void Extract_SeveralMatchingBlocks_TakesTheLargest()
    {
        const string reply = """
            The core idea:

            ```python
            fib = lambda n: n
            ```

            The full program:

            ```python
            def fib(n):
                a, b = 0, 1
                for _ in range(n):
                    a, b = b, a + b
                return a

            print(fib(30))
            ```

            Usage: `fib(30)`.
            """;

        var code = CodeExtractor.Extract(reply, SandboxLanguage.Python);

        Assert.StartsWith("def fib(n):", code, StringComparison.Ordinal);
        Assert.EndsWith("print(fib(30))\n", code, StringComparison.Ordinal);
    }

    [Fact]
    public void Extract_SameSizeBlocks_TakesTheLast()
    {
        const string reply = "```python\nprint(1)\n```\nor rather\n```python\nprint(2)\n```";

        Assert.Equal("print(2)\n", CodeExtractor.Extract(reply, SandboxLanguage.Python));
    }

    [Fact]
    public void Extract_TypeScript_AcceptsJavaScriptBlock()
    {
        const string reply = "```javascript\nconst x: number = 1;\nconsole.log(x);\n```";

        Assert.Equal("const x: number = 1;\nconsole.log(x);\n", CodeExtractor.Extract(reply, SandboxLanguage.TypeScript));
    }

    [Fact]
    public void Extract_UnclosedFence_TakesTheRest()
    {
        const string reply = "```python\nfor i in range(3):\n    print(i)\n";

        Assert.Equal("for i in range(3):\n    print(i)\n", CodeExtractor.Extract(reply, SandboxLanguage.Python));
    }

    [Fact]
    public void Extract_FenceInsideListItem_IsUnindented()
    {
        const string reply = "1. Run this:\n   ```python\n   if True:\n       print('yes')\n   ```\n";

        Assert.Equal("if True:\n    print('yes')\n", CodeExtractor.Extract(reply, SandboxLanguage.Python));
    }

    [Fact]
    public void Extract_LongerFence_KeepsInnerTripleBackticks()
    {
        const string reply = "````python\ndoc = '''\n```\nnot a fence end\n```\n'''\nprint(doc)\n````";

        Assert.Equal("doc = '''\n```\nnot a fence end\n```\n'''\nprint(doc)\n", CodeExtractor.Extract(reply, SandboxLanguage.Python));
    }

    [Fact]
    public void Extract_CrLfLineEndings_AreNormalised()
    {
        const string reply = "```js\r\nconsole.log('hi');\r\n```\r\n";

        Assert.Equal("console.log('hi');\n", CodeExtractor.Extract(reply, SandboxLanguage.JavaScript));
    }

    [Fact]
    public void Extract_BareCode_WithoutFences()
    {
        const string reply = "import random\n\nrandom.seed(1)\nrolls = [random.randint(1, 6) for _ in range(10)]\nprint(rolls)\n";

        Assert.Equal(reply, CodeExtractor.Extract(reply, SandboxLanguage.Python));
    }

    [Fact]
    public void Extract_BareCode_DropsProseAround()
    {
        const string reply = """
            Here is a program that counts the words:
            const text = "the quick brown fox";
            const words = text.split(" ");
            console.log(`Words: ${words.length}`);
            This prints the word count.
            """;

        Assert.Equal(
            "const text = \"the quick brown fox\";\nconst words = text.split(\" \");\nconsole.log(`Words: ${words.length}`);\n",
            CodeExtractor.Extract(reply, SandboxLanguage.JavaScript));
    }

    [Fact]
    public void Extract_BareBashScript()
    {
        const string reply = "#!/bin/bash\nset -euo pipefail\nfor f in a b c; do\n  echo \"$f\"\ndone\n";

        Assert.Equal(reply, CodeExtractor.Extract(reply, SandboxLanguage.Bash));
    }

    [Theory]
    [InlineData("I can't help with that request.")]
    [InlineData("The answer is 42. No program is needed: six times seven is forty-two.")]
    [InlineData("Sure! Could you tell me which file you mean?\nI need its name first.")]
    public void Extract_Prose_ThrowsNoCode_WithTheReply(string reply)
    {
        var error = Assert.Throws<NoCodeException>(() => CodeExtractor.Extract(reply, SandboxLanguage.Python));

        Assert.Contains(reply.Split('\n')[0], error.Message, StringComparison.Ordinal);
        Assert.Contains("Python", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Extract_OnlyOutputAndOtherLanguageBlocks_ThrowsNoCode()
    {
        const string reply = "Run:\n```bash\npip install requests\n```\nYou will see:\n```\n200 OK\n```";

        Assert.Throws<NoCodeException>(() => CodeExtractor.Extract(reply, SandboxLanguage.Python));
    }

    [Fact]
    public void NoCodeException_TruncatesLongReplies()
    {
        var reply = string.Concat(Enumerable.Repeat("This is prose, not code. ", 200));

        var error = Assert.Throws<NoCodeException>(() => CodeExtractor.Extract(reply, SandboxLanguage.Python));

        Assert.True(error.Message.Length < 700, $"message is {error.Message.Length} chars");
        Assert.EndsWith("…", error.ReplyExcerpt, StringComparison.Ordinal);
    }

    [Fact]
    public void Extract_EmptyBlock_IsSkipped()
    {
        const string reply = "```python\n```\n\n```python\nprint('real')\n```";

        Assert.Equal("print('real')\n", CodeExtractor.Extract(reply, SandboxLanguage.Python));
    }
}
