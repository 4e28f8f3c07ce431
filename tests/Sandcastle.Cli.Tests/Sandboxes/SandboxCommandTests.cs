using Sandcastle.Cli.Tests.Infrastructure;

namespace Sandcastle.Cli.Tests.Sandboxes;

public sealed class SandboxCommandTests : IDisposable
{
    private readonly CliHome _home = new();

    [Fact]
    public async Task LocalSandboxes_CanBeListedBrowsedAndRemoved()
    {
        var made = await _home.RunAsync("exec", "-l", "bash", "-c", "mkdir -p results && echo 'a,b' > results/table.csv && echo hi > note.txt", "--sandbox", "kept");
        Assert.True(made.ExitCode == 0, made.ToString());

        var list = await _home.RunAsync("sandbox", "list");
        var files = await _home.RunAsync("sandbox", "files", "kept", "--recursive");
        var file = await _home.RunAsync("sandbox", "files", "kept", "results/table.csv");
        var escape = await _home.RunAsync("sandbox", "files", "kept", "../../etc/passwd");
        var logs = await _home.RunAsync("sandbox", "logs", "kept");
        var removed = await _home.RunAsync("sandbox", "rm", "kept");
        var again = await _home.RunAsync("sandbox", "rm", "kept");
        var empty = await _home.RunAsync("sandbox", "list");

        Assert.Contains("kept", list.Stdout);
        Assert.Contains("results/table.csv", files.Stdout);
        Assert.Contains("note.txt", files.Stdout);
        Assert.Equal("a,b\n", file.Stdout);
        Assert.Equal(2, escape.ExitCode);
        Assert.Contains("not allowed", escape.Stderr);
        Assert.DoesNotContain("root:", escape.Stdout);
        Assert.Equal(1, logs.ExitCode);
        Assert.Contains("keeps no logs", logs.Stderr);
        Assert.Equal("Removed kept\n", removed.Stdout);
        Assert.Equal(1, again.ExitCode);
        Assert.Contains("no sandbox named kept", again.Stderr);
        Assert.DoesNotContain("kept", empty.Stdout);
        Assert.Contains("No sandboxes.", empty.Stderr);
    }

    public void Dispose() => _home.Dispose();
}
