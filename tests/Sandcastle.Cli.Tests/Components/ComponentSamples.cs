namespace Sandcastle.Cli.Tests.Components;

/// <summary>Component files shaped like the ones found in public collections.</summary>
internal static class ComponentSamples
{
    /// <summary>One plain line full of "Context: ..." examples: invalid strict YAML, common in the wild.</summary>
    public const string ReviewerWithInlineExamples = """
        ---
        name: code-reviewer
        description: Use this agent after writing code. Examples: <example>Context: The user wrote a parser. user: "Review my parser" assistant: "I'll use the code-reviewer agent" <commentary>Code was written, so review it.</commentary></example>
        tools: Read, Grep, Glob
        model: opus
        color: red
        ---
        You review code for bugs, clarity and missing tests.
        Report findings ordered by severity.
        """;

    /// <summary>A description continued on following lines, and tools as a YAML list.</summary>
    public const string AnalystWithContinuedDescription = """
        ---
        name: numbers-analyst
        description: Use this agent for quick numeric analysis.
          Examples:
          <example>
          Context: the user has a CSV of sales
          user: "What was the best month?"
          </example>
        tools:
          - Read
          - Bash
        model: haiku
        ---
        You are an analyst. Print clear, labelled numbers.
        """;

    public const string CommandWithFrontMatter = """
        ---
        description: Explain a result
        argument-hint: <question>
        allowed-tools: [Bash, Read]
        ---
        Answer this and explain how: $ARGUMENTS
        """;

    public const string CommandWithoutFrontMatter = "Summarise the following:\n\n$ARGUMENTS\n";
}
