using Sandcastle.Cli.Components;

namespace Sandcastle.Cli.Tests.Components;

public sealed class ComponentParserTests
{
    private static ComponentFile File(ComponentKind kind, string name, string text) =>
        new(new ComponentEntry(kind, name, "file", $"/somewhere/{name}.md"), text);

    [Fact]
    public void Agent_WithInlineExamplesInAPlainDescription_IsReadAsWritten()
    {
        var agent = ComponentParser.ParseAgent(File(ComponentKind.Agent, "code-reviewer", ComponentSamples.ReviewerWithInlineExamples));

        Assert.Equal("code-reviewer", agent.Name);
        Assert.StartsWith("Use this agent after writing code. Examples: <example>Context: The user wrote a parser.", agent.Description);
        Assert.EndsWith("</example>", agent.Description);
        Assert.Equal(["Read", "Grep", "Glob"], agent.Tools);
        Assert.Equal("opus", agent.Model);
        Assert.Equal("You review code for bugs, clarity and missing tests.\nReport findings ordered by severity.", agent.Prompt);
    }

    [Fact]
    public void Agent_WithAContinuedDescriptionAndAToolList_IsRead()
    {
        var agent = ComponentParser.ParseAgent(File(ComponentKind.Agent, "numbers-analyst", ComponentSamples.AnalystWithContinuedDescription));

        Assert.Contains("Context: the user has a CSV of sales", agent.Description);
        Assert.Contains("user: \"What was the best month?\"", agent.Description);
        Assert.Equal(["Read", "Bash"], agent.Tools);
        Assert.Equal("haiku", agent.Model);
    }

    [Fact]
    public void Command_WithAndWithoutFrontMatter_AppliesArguments()
    {
        var explained = ComponentParser.ParseCommand(File(ComponentKind.Command, "explain", ComponentSamples.CommandWithFrontMatter));
        var bare = ComponentParser.ParseCommand(File(ComponentKind.Command, "summarise", ComponentSamples.CommandWithoutFrontMatter));

        Assert.Equal("Explain a result", explained.Description);
        Assert.Equal("<question>", explained.ArgumentHint);
        Assert.Equal(["Bash", "Read"], explained.AllowedTools);
        Assert.Equal("Answer this and explain how: what is 2+2", explained.Apply("what is 2+2"));
        Assert.Equal("", bare.Description);
        Assert.Equal("Summarise the following:\n\nsales by month", bare.Apply("sales by month"));
    }

    [Theory]
    [InlineData("---\nname: x\ndescription: fine\ntools: [Read, Write\n---\nbody", "not valid YAML")]
    [InlineData("---\nname: x\ndescription: never closed\nbody", "no closing '---'")]
    [InlineData("---\n- just\n- a list\n---\nbody", "must be 'key: value' lines")]
    [InlineData("---\nname: x\ntools: Read\n---\nbody", "no 'description'")]
    [InlineData("Just a prompt without front matter.", "needs YAML front matter")]
    [InlineData("---\nname: x\ndescription:\n  nested: map\n---\nbody", "must be text")]
    public void MalformedAgent_IsRejected_NamingTheFile(string text, string problem)
    {
        var error = Assert.Throws<MalformedComponentException>(() => ComponentParser.ParseAgent(File(ComponentKind.Agent, "broken", text)));

        Assert.Contains("/somewhere/broken.md", error.Message);
        Assert.Contains(problem, error.Message);
    }
}
