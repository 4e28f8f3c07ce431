using System.Text.Json;
using Sandcastle.Cli.Tests.Infrastructure;
using Sandcastle.Testing;

namespace Sandcastle.Cli.Tests.FirstHour;

/// <summary>Files and standard input in and out of the CLI, embedded and through a server.</summary>
public sealed class FilesAndInputTests : IAsyncLifetime
{
    private readonly CliHome _home = new();
    private FakeAnthropicServer _claude = null!;

    public async ValueTask InitializeAsync()
    {
        _claude = await FakeAnthropicServer.StartAsync(TestContext.Current.CancellationToken);
        _home.Environment["ANTHROPIC_API_KEY"] = "sk-ant-test";
        _home.Environment["ANTHROPIC_BASE_URL"] = _claude.BaseUrl;
        File.WriteAllText(Path.Combine(_home.WorkingDirectory, "data.csv"), "x\n1\n2\n39\n");
    }

    [Fact]
    public async Task Exec_RunsAScriptByItsExtension_WithPipedStdinAndInputFiles()
    {
        File.WriteAllText(Path.Combine(_home.WorkingDirectory, "total.py"),
            "import sys\nrows = open('data.csv').read().split()[1:]\nprint(sum(map(int, rows)) + int(sys.stdin.read()))\n");

        var result = await _home.RunAsync(["exec", "total.py", "--input", "data.csv"], stdin: "100\n");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("142\n", result.Stdout);
    }

    [Fact]
    public async Task Exec_PipedStdin_ReachesCodeGivenWithCode_AndJsonReportsTheRun()
    {
        var result = await _home.RunAsync(["exec", "-l", "python", "-c", "import sys; print(sys.stdin.read().upper(), end='')", "--json"], stdin: "shout\n");

        Assert.True(result.ExitCode == 0, result.ToString());
        using var json = JsonDocument.Parse(result.Stdout);
        Assert.Equal("SHOUT\n", json.RootElement.GetProperty("stdout").GetString());
        Assert.Equal("exited", json.RootElement.GetProperty("reason").GetString());
        Assert.Equal(0, json.RootElement.GetProperty("exitCode").GetInt32());
    }

    [Fact]
    public async Task Exec_OutputFlood_HasItsOwnExitCodeAndReason_NotMemorys()
    {
        var result = await _home.RunAsync("exec", "-l", "bash", "-c", "head -c 20000000 /dev/zero | tr '\\0' a");

        Assert.Equal(122, result.ExitCode);
        Assert.Contains("output passed", result.Stderr);
        Assert.DoesNotContain("memory", result.Stderr);
    }

    [Fact]
    public async Task SandboxCp_CopiesInCreatingTheSandbox_AndBackOut()
    {
        var copiedIn = await _home.RunAsync("sandbox", "cp", "data.csv", "fresh:inbox/");
        var listed = await _home.RunAsync("exec", "-l", "bash", "-c", "cat inbox/data.csv; echo done > result.txt", "--sandbox", "fresh");
        var copiedOut = await _home.RunAsync("sandbox", "cp", "fresh:result.txt", "back.txt");

        Assert.True(copiedIn.ExitCode == 0, copiedIn.ToString());
        Assert.Equal("x\n1\n2\n39\n", listed.Stdout);
        Assert.True(copiedOut.ExitCode == 0, copiedOut.ToString());
        Assert.Equal("done\n", File.ReadAllText(Path.Combine(_home.WorkingDirectory, "back.txt")));
    }

    [Fact]
    public async Task Run_ReadsThePromptFromStdin_GivesTheProgramTheUsersFile_AndJsonNamesTheSavedFiles()
    {
        _claude.EnqueueText("```python\nrows = open('data.csv').read().split()[1:]\ntotal = sum(map(int, rows))\nopen('total.txt', 'w').write(str(total))\nprint(total)\n```");
        var output = Path.Combine(_home.Root, "results");

        var result = await _home.RunAsync(["run", "--file", "data.csv", "--json", "-o", output], stdin: "Add up the x column\n");

        Assert.True(result.ExitCode == 0, result.ToString());
        using var json = JsonDocument.Parse(result.Stdout);
        Assert.Equal("42\n", json.RootElement.GetProperty("output").GetString());
        Assert.Equal(output, json.RootElement.GetProperty("outputDir").GetString());
        Assert.Equal([Path.Combine(output, "total.txt")], json.RootElement.GetProperty("files").EnumerateArray().Select(f => f.GetString()));
        Assert.Equal("", json.RootElement.GetProperty("error").GetString());
        var sent = _claude.Requests.Single().LastUserText;
        Assert.Contains("Add up the x column", sent);
        Assert.Contains("data.csv", sent);
        Assert.Equal("claude-sonnet-5-5", _claude.Requests.Single().Model);
    }

    [Fact]
    public async Task Run_ThatSavesNothing_LeavesNoEmptyOutputDirectory()
    {
        _claude.EnqueueText("```python\nprint(1)\n```");

        var result = await _home.RunAsync("run", "-p", "print one");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.False(Directory.Exists(Path.Combine(_home.WorkingDirectory, "sandcastle-output")));
    }

    public async ValueTask DisposeAsync()
    {
        await _claude.DisposeAsync();
        _home.Dispose();
    }
}
