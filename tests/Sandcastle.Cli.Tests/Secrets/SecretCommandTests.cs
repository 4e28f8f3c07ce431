using Sandcastle.Cli.Tests.Infrastructure;

namespace Sandcastle.Cli.Tests.Secrets;

public sealed class SecretCommandTests : IDisposable
{
    private readonly CliHome _home = new();

    private string SecretsFile => Path.Combine(_home.HomeDirectory, ".config", "sandcastle", "secrets.json");

    [Fact]
    public async Task SetListRemove_KeepsValuesInAnOwnerOnlyFile_AndNeverPrintsThem()
    {
        var set = await _home.RunAsync("secret", "set", "ANTHROPIC_API_KEY", "sk-test-value-123");
        var piped = await _home.RunAsync(["secret", "set", "OTHER_KEY"], stdin: "piped-value\n");
        var list = await _home.RunAsync("secret", "list");

        Assert.Equal(0, set.ExitCode);
        Assert.Equal(0, piped.ExitCode);
        Assert.Equal("ANTHROPIC_API_KEY\nOTHER_KEY\n", list.Stdout);
        Assert.DoesNotContain("sk-test-value-123", set.Stdout + set.Stderr + list.Stdout + list.Stderr);
        var text = File.ReadAllText(SecretsFile);
        Assert.Contains("\"sk-test-value-123\"", text);
        Assert.Contains("\"piped-value\"", text);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(SecretsFile));

        var remove = await _home.RunAsync("secret", "rm", "OTHER_KEY");
        var again = await _home.RunAsync("secret", "rm", "OTHER_KEY");
        var after = await _home.RunAsync("secret", "list");

        Assert.Equal(0, remove.ExitCode);
        Assert.Equal(1, again.ExitCode);
        Assert.Contains("no secret named OTHER_KEY", again.Stderr);
        Assert.Equal("ANTHROPIC_API_KEY\n", after.Stdout);
    }

    [Fact]
    public async Task Set_WithABadNameOrNoValue_ExitsTwo()
    {
        var badName = await _home.RunAsync("secret", "set", "1BAD", "x");
        var noValue = await _home.RunAsync("secret", "set", "EMPTY");

        Assert.Equal(2, badName.ExitCode);
        Assert.Contains("not a valid secret name", badName.Stderr);
        Assert.Equal(2, noValue.ExitCode);
        Assert.Contains("no value for EMPTY", noValue.Stderr);
        Assert.False(File.Exists(SecretsFile));
    }

    public void Dispose() => _home.Dispose();
}
