using System.Diagnostics;

namespace Sandcastle.Sandbox.Tests;

public abstract class ExecTests(SandboxEngineFixture fixture)
{
    private SandboxEngine Engine => fixture.Engine;

    [Fact]
    public async Task Python_PrintsToStdout_AndExitsZero()
    {
        await using var sandbox = Engine.CreateEphemeral();
        var run = await sandbox.Python("print(2**10)");
        Assert.Equal("1024\n", run.Stdout);
        Assert.Equal(0, run.Result.ExitCode);
        Assert.Equal(ExitReason.Exited, run.Result.Reason);
        Assert.True(run.Result.Success);
    }

    [Theory]
    [InlineData(SandboxLanguage.JavaScript, "console.log([1,2,3].map(x => x * 2).join(','))", "2,4,6\n")]
    [InlineData(SandboxLanguage.JavaScript, "import os from 'os';\nawait new Promise(r => setTimeout(r, 10));\nconsole.log(typeof os.cpus)", "function\n")]
    [InlineData(SandboxLanguage.TypeScript, "interface P { n: number }\nconst p: P = { n: 21 };\nconst double = (x: number): number => x * 2;\nconsole.log(double(p.n));", "42\n")]
    [InlineData(SandboxLanguage.TypeScript, "import * as path from 'path';\nconst fs = require('fs');\nconsole.log(path.basename('/a/b.ts'), typeof fs.readFileSync)", "b.ts function\n")]
    [InlineData(SandboxLanguage.Bash, "x=5; echo $((x * 3))", "15\n")]
    [InlineData(SandboxLanguage.Python, "import numpy as np, pandas as pd\nprint(int(np.arange(5).sum()), len(pd.DataFrame({'a':[1,2]})))", "10 2\n")]
    public async Task EachLanguage_RunsItsSnippet(SandboxLanguage language, string code, string expected)
    {
        await using var sandbox = Engine.CreateEphemeral();
        var run = await sandbox.RunAsync(ExecRequest.ForCode(language, code), TestContext.Current.CancellationToken);
        Assert.True(run.Result.Success, run.Stderr);
        Assert.Equal(expected, run.Stdout);
    }

    [Fact]
    public async Task TypeScript_TypeErrorsDoNotStopIt_ButSyntaxErrorsAreReported()
    {
        await using var sandbox = Engine.CreateEphemeral();
        var run = await sandbox.RunAsync(ExecRequest.ForCode(SandboxLanguage.TypeScript, "const x: number = ;"), TestContext.Current.CancellationToken);
        Assert.NotEqual(0, run.Result.ExitCode);
        Assert.Contains("main.ts", run.Stderr);
    }

    [Fact]
    public async Task Output_ArrivesAsItIsProduced()
    {
        await using var sandbox = Engine.CreateEphemeral();
        var clock = Stopwatch.StartNew();
        TimeSpan? firstAt = null;
        TimeSpan? secondAt = null;
        var request = ExecRequest.ForCode(SandboxLanguage.Python, "import time\nprint('first')\ntime.sleep(1)\nprint('second')");
        await foreach (var item in sandbox.ExecAsync(request, TestContext.Current.CancellationToken))
        {
            if (item is ExecOutput { Text: var text } && text.Contains("first"))
                firstAt = clock.Elapsed;
            if (item is ExecOutput { Text: var t } && t.Contains("second"))
                secondAt = clock.Elapsed;
        }
        Assert.NotNull(firstAt);
        Assert.NotNull(secondAt);
        Assert.True(secondAt - firstAt > TimeSpan.FromMilliseconds(800), $"first at {firstAt}, second at {secondAt}");
    }

    [Fact]
    public async Task StdoutAndStderr_AreSeparate_AndInterleavedInOrder()
    {
        await using var sandbox = Engine.CreateEphemeral();
        var events = new List<ExecEvent>();
        var request = ExecRequest.ForCommand("echo out1; sleep 0.5; echo err1 >&2; sleep 0.5; echo out2");
        await foreach (var item in sandbox.ExecAsync(request, TestContext.Current.CancellationToken))
            events.Add(item);
        var outputs = events.OfType<ExecOutput>().Select(o => $"{o.Stream}:{o.Text.Trim()}").ToList();
        Assert.Equal(["Stdout:out1", "Stderr:err1", "Stdout:out2"], outputs);
        Assert.IsType<ExecCompleted>(events[^1]);
    }

    [Theory]
    [InlineData("exit 3", 3)]
    [InlineData("true", 0)]
    [InlineData("kill -SEGV $$", 139)]
    public async Task ExitCode_IsReported(string command, int expected)
    {
        await using var sandbox = Engine.CreateEphemeral();
        var run = await sandbox.Bash(command);
        Assert.Equal(expected, run.Result.ExitCode);
        Assert.Equal(ExitReason.Exited, run.Result.Reason);
        if (expected > 128)
            Assert.Equal(expected - 128, run.Result.Signal);
    }

    [Fact]
    public async Task Stdin_IsGivenToTheProgram()
    {
        await using var sandbox = Engine.CreateEphemeral();
        var request = ExecRequest.ForCode(SandboxLanguage.Python, "import sys\nprint(sum(int(l) for l in sys.stdin))")
            with { Stdin = "1\n2\n39\n"u8.ToArray() };
        var run = await sandbox.RunAsync(request, TestContext.Current.CancellationToken);
        Assert.Equal("42\n", run.Stdout);
    }

    [Fact]
    public async Task Environment_IsCleared_AndRequestVariablesAreSet()
    {
        Environment.SetEnvironmentVariable("SANDCASTLE_HOST_SECRET", "do-not-leak");
        await using var sandbox = Engine.CreateEphemeral();
        var request = ExecRequest.ForCommand("env") with { Environment = new Dictionary<string, string> { ["GREETING"] = "héllo wörld" } };
        var run = await sandbox.RunAsync(request, TestContext.Current.CancellationToken);
        Assert.Contains("GREETING=héllo wörld", run.Stdout);
        Assert.DoesNotContain("SANDCASTLE_HOST_SECRET", run.Stdout);
        Assert.DoesNotContain("DOTNET", run.Stdout);
    }

    [Fact]
    public async Task WorkingDirectory_InsideWorkspace_IsUsed_AndOutsideIsRefused()
    {
        await using var sandbox = Engine.CreateEphemeral();
        await sandbox.Bash("mkdir -p sub/dir");
        var run = await sandbox.RunAsync(ExecRequest.ForCommand("pwd") with { WorkingDirectory = "sub/dir" }, TestContext.Current.CancellationToken);
        Assert.Equal("/workspace/sub/dir\n", run.Stdout);
        Assert.Throws<InvalidExecRequestException>(() => sandbox.Start(ExecRequest.ForCommand("pwd") with { WorkingDirectory = "../.." }));
        Assert.Throws<InvalidExecRequestException>(() => sandbox.Start(ExecRequest.ForCommand("pwd") with { WorkingDirectory = "/etc" }));
    }

    [Fact]
    public async Task Files_PersistAcrossExecutions_InANamedSandbox()
    {
        var id = $"persist-{Guid.NewGuid():N}"[..20];
        var first = Engine.GetOrCreate(id);
        await first.Python("open('/workspace/state.json', 'w').write('{\"n\": 41}')");
        await first.Bash("echo gone > /tmp/scratch");
        var second = Engine.GetOrCreate(id);
        var run = await second.Python("import json, os\nprint(json.load(open('state.json'))['n'] + 1, os.path.exists('/tmp/scratch'))");
        Assert.Equal("42 False\n", run.Stdout);
        Assert.True(File.Exists(Path.Combine(second.WorkspacePath, "state.json")));
        Assert.True(await Engine.DestroyAsync(id, TestContext.Current.CancellationToken));
        Assert.False(Directory.Exists(second.WorkspacePath));
    }

    [Fact]
    public async Task UnicodeOutput_IsDecodedWhole_EvenWhenSplitAcrossReads()
    {
        await using var sandbox = Engine.CreateEphemeral();
        var run = await sandbox.Python("import sys\nfor _ in range(3000):\n    sys.stdout.write('héllo 🌍 世界\\n')");
        Assert.Equal(3000, run.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Count(l => l == "héllo 🌍 世界"));
        Assert.DoesNotContain('\uFFFD', run.Stdout);
    }

    [Fact]
    public async Task Cancellation_KillsTheProcess_AndReportsCancelled()
    {
        await using var sandbox = Engine.CreateEphemeral();
        var process = sandbox.Start(ExecRequest.ForCommand("sleep 60"));
        process.Kill();
        var result = await process.Completion.WaitAsync(TimeSpan.FromSeconds(5), TestContext.Current.CancellationToken);
        Assert.Equal(ExitReason.Cancelled, result.Reason);
        Assert.Equal(137, result.ExitCode);
    }

    [Fact]
    public async Task BadRequests_AreRefusedClearly()
    {
        await using var sandbox = Engine.CreateEphemeral();
        Assert.Throws<InvalidExecRequestException>(() => sandbox.Start(new ExecRequest()));
        Assert.Throws<InvalidExecRequestException>(() => sandbox.Start(new ExecRequest { Code = "print(1)" }));
        Assert.Throws<InvalidExecRequestException>(() => sandbox.Start(new ExecRequest { Code = "1", Command = "true", Language = SandboxLanguage.Python }));
        Assert.Throws<InvalidExecRequestException>(() => sandbox.Start(ExecRequest.ForCommand("env") with { Environment = new Dictionary<string, string> { ["BAD-NAME"] = "x" } }));
        Assert.Throws<InvalidSandboxIdException>(() => Engine.GetOrCreate("../etc"));
        Assert.Throws<InvalidSandboxIdException>(() => Engine.GetOrCreate("UPPER"));
        Assert.Throws<InvalidSandboxIdException>(() => Engine.GetOrCreate(new string('a', 64)));
    }

    [Fact]
    public async Task List_ShowsNamedSandboxes()
    {
        var id = $"listed-{Guid.NewGuid():N}"[..20];
        Engine.GetOrCreate(id);
        Assert.Contains(Engine.List(), s => s.Id == id);
        await Engine.DestroyAsync(id, TestContext.Current.CancellationToken);
        Assert.DoesNotContain(Engine.List(), s => s.Id == id);
    }
}

/// <summary>The same, each execution forked by the engine's fork server.</summary>
public sealed class ExecTestsWhenForked(ForkingEngineFixture fixture) : ExecTests(fixture), IClassFixture<ForkingEngineFixture>;

/// <summary>The same, each execution with a launcher chain of its own.</summary>
public sealed class ExecTestsWhenLaunched(LaunchingEngineFixture fixture) : ExecTests(fixture), IClassFixture<LaunchingEngineFixture>;
