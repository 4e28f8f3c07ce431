using Sandcastle.Cli.Tests.Infrastructure;

namespace Sandcastle.Cli.Tests.Exec;

public sealed class ExecCommandTests : IDisposable
{
    private readonly CliHome _home = new();

    [Theory]
    [InlineData("python", "print(sum(range(10)))", "45\n")]
    [InlineData("javascript", "console.log([1, 2, 3].map(x => x * 2).join(','))", "2,4,6\n")]
    [InlineData("typescript", "const half = (n: number): number => n / 2;\nconsole.log(half(84));", "42\n")]
    [InlineData("bash", "echo $((6 * 7))", "42\n")]
    public async Task EachLanguage_PrintsTheProgramsOutput_AndExitsZero(string language, string code, string expected)
    {
        var result = await _home.RunAsync("exec", "--language", language, "--code", code);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(expected, result.Stdout);
        Assert.Equal("", result.Stderr);
    }

    [Fact]
    public async Task StdoutAndStderr_StaySeparate_AndTheExitCodePassesThrough()
    {
        var result = await _home.RunAsync("exec", "-l", "python", "-c",
            "import sys\nprint('to stdout')\nprint('to stderr', file=sys.stderr)\nsys.exit(3)");

        Assert.Equal(3, result.ExitCode);
        Assert.Equal("to stdout\n", result.Stdout);
        Assert.Equal("to stderr\n", result.Stderr);
    }

    [Fact]
    public async Task Output_ReachesTheTerminal_AsItIsProduced()
    {
        using var process = _home.Start(["exec", "-l", "python", "-c", "import time\nprint('first')\ntime.sleep(2)\nprint('second')"]);
        process.StandardInput.Close();
        var clock = System.Diagnostics.Stopwatch.StartNew();

        var first = await process.StandardOutput.ReadLineAsync(TestContext.Current.CancellationToken);
        var firstAt = clock.Elapsed;
        var rest = await process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);

        Assert.Equal("first", first);
        Assert.Equal("second\n", rest);
        Assert.True(clock.Elapsed - firstAt > TimeSpan.FromSeconds(1.5), $"first line at {firstAt}, end at {clock.Elapsed}");
        Assert.Equal(0, process.ExitCode);
    }

    [Fact]
    public async Task Timeout_Exits124_WithAOneLineReason()
    {
        var result = await _home.RunAsync("exec", "-l", "python", "-c", "import time\nprint('started', flush=True)\ntime.sleep(30)", "--timeout", "1");

        Assert.Equal(124, result.ExitCode);
        Assert.Equal("started\n", result.Stdout);
        Assert.Equal("sandcastle: timed out after 1 s\n", result.Stderr);
    }

    [Fact]
    public async Task MemoryHog_Exits137_WithAOneLineReason()
    {
        var result = await _home.RunAsync("exec", "-l", "python", "-c", "chunks = []\nwhile True:\n    chunks.append(bytearray(16 * 1024 * 1024))", "--memory", "64");

        Assert.Equal(137, result.ExitCode);
        Assert.Equal("sandcastle: killed: out of memory (limit 64 MB)\n", result.Stderr);
    }

    [Fact]
    public async Task CodeOnStdin_Runs()
    {
        var result = await _home.RunAsync(["exec", "--language", "javascript"], stdin: "console.log('from stdin')\n");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("from stdin\n", result.Stdout);
    }

    [Fact]
    public async Task CodeFromAFile_TakesTheLanguageFromItsExtension()
    {
        File.WriteAllText(Path.Combine(_home.WorkingDirectory, "job.py"), "print('from a file')\n");

        var result = await _home.RunAsync("exec", "--file", "job.py");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("from a file\n", result.Stdout);
    }

    [Fact]
    public async Task EnvironmentVariables_ReachTheProgram()
    {
        var result = await _home.RunAsync("exec", "-l", "bash", "-c", "echo \"$GREETING, $NAME\"", "--env", "GREETING=hello", "-e", "NAME=a=b");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("hello, a=b\n", result.Stdout);
    }

    [Fact]
    public async Task NamedSandbox_KeepsItsFilesBetweenRuns_AndAFreshOneDoesNot()
    {
        var write = await _home.RunAsync("exec", "-l", "python", "-c", "open('note.txt', 'w').write('kept')", "--sandbox", "reuse-me");
        var read = await _home.RunAsync("exec", "-l", "bash", "-c", "cat note.txt", "--sandbox", "reuse-me");
        var fresh = await _home.RunAsync("exec", "-l", "bash", "-c", "ls -A");

        Assert.True(write.ExitCode == 0, write.ToString());
        Assert.Equal("kept", read.Stdout);
        Assert.Equal("", fresh.Stdout);
        Assert.Equal(["reuse-me"], Directory.GetDirectories(Path.Combine(_home.DataDirectory, "sandboxes")).Select(Path.GetFileName));
    }

    [Theory]
    [InlineData(new[] { "exec", "-l", "python" }, "no code to run")]
    [InlineData(new[] { "exec", "-l", "cobol", "-c", "x" }, "unknown language 'cobol'")]
    [InlineData(new[] { "exec", "-c", "print(1)" }, "--language is required")]
    [InlineData(new[] { "exec", "-l", "python", "-c", "1", "--env", "NOEQUALS" }, "bad --env 'NOEQUALS'")]
    [InlineData(new[] { "exec", "-l", "python", "-c", "1", "--sandbox", "Bad_Id" }, "'Bad_Id' is not a valid sandbox id")]
    [InlineData(new[] { "exec", "-l", "python", "-c", "1", "--timeout", "soon" }, "--timeout must be a number of seconds")]
    [InlineData(new[] { "exec", "-l", "python", "-c", "1", "--memory", "1" }, "--memory must be a whole number of MB")]
    [InlineData(new[] { "exec", "-l", "python", "--file", "missing.py" }, "no such file")]
    [InlineData(new[] { "exec", "--no-such-option" }, "--no-such-option")]
    public async Task BadInput_ExitsTwo_WithAClearMessage(string[] arguments, string message)
    {
        var result = await _home.RunAsync(arguments);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains(message, result.Stderr);
        Assert.StartsWith("sandcastle: ", result.Stderr);
        Assert.Equal("", result.Stdout);
    }

    [Fact]
    public async Task MissingBubblewrap_SaysWhatSetupInstalls()
    {
        _home.Environment["Sandbox__BubblewrapPath"] = "/nonexistent/bwrap";

        var result = await _home.RunAsync("exec", "-l", "python", "-c", "print(1)");

        Assert.Equal(125, result.ExitCode);
        Assert.Contains("/nonexistent/bwrap not found", result.Stderr);
        Assert.Contains("scripts/setup", result.Stderr);
        Assert.Contains("bubblewrap", result.Stderr);
    }

    [Fact]
    public async Task Help_ShowsOptionsAndExamples()
    {
        var result = await _home.RunAsync("exec", "--help");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("--language", result.Stdout);
        Assert.Contains("Examples:", result.Stdout);
        Assert.Contains("sandcastle exec --language python", result.Stdout);
    }

    [Fact]
    public async Task NoArguments_ShowsEveryCommand()
    {
        var result = await _home.RunAsync();

        Assert.Equal(0, result.ExitCode);
        foreach (var command in new[] { "run", "exec", "serve", "monitor", "sandbox", "secret", "components" })
            Assert.Contains($"  {command} ", result.Stdout);
    }

    [Fact]
    public async Task Version_PrintsTheVersion()
    {
        var result = await _home.RunAsync("--version");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Matches(@"^\d+\.\d+\.\d+", result.Stdout);
    }

    public void Dispose() => _home.Dispose();
}
