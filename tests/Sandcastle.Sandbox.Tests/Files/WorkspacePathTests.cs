using Sandcastle.Sandbox.Files;

namespace Sandcastle.Sandbox.Tests.Files;

public sealed class WorkspacePathTests
{
    [Theory]
    [InlineData("a.txt", "a.txt")]
    [InlineData("./a", "a")]
    [InlineData("a//b/./c/", "a/b/c")]
    [InlineData("/workspace/a/b.txt", "a/b.txt")]
    [InlineData("/workspace//a", "a")]
    [InlineData("données/日本語 🎉.txt", "données/日本語 🎉.txt")]
    [InlineData("...", "...")]
    [InlineData("a..b", "a..b")]
    public void Normalizes(string input, string expected)
    {
        var path = WorkspacePath.Parse(input);
        Assert.Equal(expected, path.Relative);
        Assert.False(path.IsRoot);
    }

    [Theory]
    [InlineData("")]
    [InlineData(".")]
    [InlineData("./")]
    [InlineData("/workspace")]
    [InlineData("/workspace/")]
    public void Root_is_addressable_only_where_allowed(string input)
    {
        Assert.True(WorkspacePath.Parse(input, allowRoot: true).IsRoot);
        Assert.Throws<WorkspacePathException>(() => WorkspacePath.Parse(input));
    }

    [Theory]
    [InlineData("../etc/passwd", "'..'")]
    [InlineData("a/../../x", "'..'")]
    [InlineData("a/../b", "'..'")]
    [InlineData("/workspace/../etc", "'..'")]
    [InlineData("..", "'..'")]
    [InlineData("/etc/passwd", "absolute")]
    [InlineData("/workspacex/a", "absolute")]
    [InlineData("/", "absolute")]
    [InlineData("a\0b", "NUL")]
    public void Rejects_with_a_message_naming_path_and_reason(string input, string reason)
    {
        var error = Assert.Throws<WorkspacePathException>(() => WorkspacePath.Parse(input, allowRoot: true));
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
        Assert.Contains(input.Replace("\0", "\\0", StringComparison.Ordinal), error.Message, StringComparison.Ordinal);
        Assert.Equal(input, error.WorkspacePath);
    }

    [Fact]
    public void Rejects_overlong_components() =>
        Assert.Throws<WorkspacePathException>(() => WorkspacePath.Parse(new string('x', 256)));

    [Fact]
    public void Parent_and_name()
    {
        var path = WorkspacePath.Parse("a/b/c.txt");
        Assert.Equal("c.txt", path.Name);
        Assert.Equal("a/b", path.Parent.Relative);
        Assert.True(WorkspacePath.Parse("top").Parent.IsRoot);
        Assert.Equal(WorkspacePath.Parse("/workspace/a/b"), WorkspacePath.Parse("./a//b"));
    }
}
