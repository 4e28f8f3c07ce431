using Sandcastle.Server.Configuration;

namespace Sandcastle.Server.Tests.Configuration;

public sealed class DotEnvFileTests
{
    [Fact]
    public void Parse_ReadsAssignmentsQuotesAndComments()
    {
        var values = DotEnvFile.Parse("""
            # a comment
            ANTHROPIC_API_KEY=sk-ant-plain
            export EXPORTED = exported-value
            DOUBLE="line one\nline \"two\"" # trailing comment
            SINGLE='kept \n literally # too'
            UNQUOTED=value # comment after a space
            HASH=abc#def
            EMPTY=
            not an assignment
            =no-name
            Generation__Model=claude-test
            """);

        Assert.Equal("sk-ant-plain", values["ANTHROPIC_API_KEY"]);
        Assert.Equal("exported-value", values["EXPORTED"]);
        Assert.Equal("line one\nline \"two\"", values["DOUBLE"]);
        Assert.Equal("kept \\n literally # too", values["SINGLE"]);
        Assert.Equal("value", values["UNQUOTED"]);
        Assert.Equal("abc#def", values["HASH"]);
        Assert.Equal("", values["EMPTY"]);
        Assert.Equal("claude-test", values["Generation__Model"]);
        Assert.Equal(8, values.Count);
    }

    [Fact]
    public void Parse_LaterLinesWin_AndCrLfIsAccepted()
    {
        var values = DotEnvFile.Parse("KEY=first\r\nKEY=second\r\n");
        Assert.Equal("second", Assert.Single(values).Value);
    }

    [Fact]
    public void Load_MissingFile_IsEmpty() =>
        Assert.Empty(DotEnvFile.Load(Path.Combine(Path.GetTempPath(), $"no-such-{Guid.NewGuid():N}", ".env")));
}
