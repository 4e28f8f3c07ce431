using Sandcastle.Cli.Tests.Infrastructure;

namespace Sandcastle.Cli.Tests.FirstHour;

/// <summary>help, version, bare command groups and completion scripts.</summary>
public sealed class HelpTests : IDisposable
{
    private readonly CliHome _home = new();

    [Fact]
    public async Task HelpAndVersion_AreCommandsToo()
    {
        var help = await _home.RunAsync("help", "sandbox", "cp");
        var version = await _home.RunAsync("version");
        var flag = await _home.RunAsync("--version");

        Assert.Equal(0, help.ExitCode);
        Assert.Contains("sandcastle sandbox cp", help.Stdout);
        Assert.Equal(0, version.ExitCode);
        Assert.Equal(flag.Stdout, version.Stdout);
        Assert.Matches(@"^\d+\.\d+\.\d+", version.Stdout);
    }

    [Theory]
    [InlineData("sandbox", "cp")]
    [InlineData("secret", "set")]
    [InlineData("components", "list")]
    public async Task BareCommandGroup_ShowsItsHelp(string group, string subcommand)
    {
        var result = await _home.RunAsync(group);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains(subcommand, result.Stdout);
        Assert.DoesNotContain("Required command", result.Stderr);
    }

    [Fact]
    public async Task BashCompletion_CompletesCommandsAndOptions_InARealBash()
    {
        var script = await _home.RunAsync("completion", "bash");
        var path = Path.Combine(_home.Root, "completion.bash");
        File.WriteAllText(path, script.Stdout);

        var words = await Bash(path, "sandcastle san");
        var options = await Bash(path, "sandcastle sandbox cp --ser");

        Assert.Equal("sandbox", words);
        Assert.Equal("--server", options);
    }

    [Theory]
    [InlineData("zsh", "compdef _sandcastle sandcastle")]
    [InlineData("fish", "complete -c sandcastle")]
    public async Task OtherShells_GetTheirScripts(string shell, string marker)
    {
        var result = await _home.RunAsync("completion", shell);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains(marker, result.Stdout);
        Assert.Contains("sandbox", result.Stdout);
    }

    private static async Task<string> Bash(string script, string line)
    {
        var words = line.Split(' ');
        var command = $"source {script}; COMP_WORDS=({line}); COMP_CWORD={words.Length - 1}; _sandcastle; echo \"${{COMPREPLY[*]}}\"";
        using var process = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("bash", ["-c", command]) { RedirectStandardOutput = true })!;
        var output = await process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);
        return output.Trim();
    }

    public void Dispose() => _home.Dispose();
}
