using System.Buffers.Binary;
using System.Diagnostics;
using System.Text.Json;
using Sandcastle.Sandbox.Contexts;

namespace Sandcastle.Sandbox.Tests.Contexts;

public sealed class PythonContextTests(SandboxEngineFixture fixture) : IClassFixture<SandboxEngineFixture>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task State_PersistsBetweenRuns_AndTheLastExpressionIsAResult()
    {
        await using var sandbox = fixture.Engine.CreateEphemeral();
        await using var context = await CodeContext.StartAsync(sandbox, SandboxLanguage.Python, Cancel);

        var first = await context.RunAndCollectAsync("x = 1", cancellationToken: Cancel);
        var second = await context.RunAndCollectAsync("x + 1", cancellationToken: Cancel);

        Assert.Empty(first.Results);
        Assert.Null(first.Error);
        Assert.Equal("2", Assert.Single(second.Results).Text);
        Assert.Equal(2, second.ExecutionCount);
        Assert.Equal(2, context.ExecutionCount);
        Assert.True(context.IsAlive);
    }

    [Fact]
    public async Task MatplotlibFigure_ComesBackAsAPng()
    {
        await using var sandbox = fixture.Engine.CreateEphemeral();
        await using var context = await CodeContext.StartAsync(sandbox, SandboxLanguage.Python, Cancel);

        var run = await context.RunAndCollectAsync(
            "import matplotlib.pyplot as plt\nfig = plt.figure(figsize=(4, 3), dpi=50)\nplt.plot([1, 3, 2])\nplt.title('demo')\nNone",
            cancellationToken: Cancel);

        Assert.Null(run.Error);
        var png = Convert.FromBase64String(Assert.Single(run.Results).Png!);
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A], png[..8]);
        Assert.Equal("IHDR", System.Text.Encoding.ASCII.GetString(png, 12, 4));
        var width = BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16));
        var height = BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(20));
        // 4x3 inches at 50 dpi, cropped to its drawn area as Jupyter's inline backend does.
        Assert.InRange(width, 120, 200);
        Assert.InRange(height, 90, 150);
        var after = await context.RunAndCollectAsync("len(plt.get_fignums())", cancellationToken: Cancel);
        Assert.Equal("0", Assert.Single(after.Results).Text);
    }

    [Fact]
    public async Task DataFrame_IsHtmlAndText_DictIsJson_ReprMethodsAreHonoured()
    {
        await using var sandbox = fixture.Engine.CreateEphemeral();
        await using var context = await CodeContext.StartAsync(sandbox, SandboxLanguage.Python, Cancel);

        var frame = await context.RunAndCollectAsync("import pandas as pd\npd.DataFrame({'a': [1, 2], 'b': ['x', 'y']})", cancellationToken: Cancel);
        var dict = await context.RunAndCollectAsync("{'n': 1, 'items': [1, 2, 3]}", cancellationToken: Cancel);
        var rich = await context.RunAndCollectAsync(
            "class Card:\n    def _repr_html_(self): return '<b>card</b>'\n    def _repr_markdown_(self): return '**card**'\nCard()",
            cancellationToken: Cancel);

        var table = Assert.Single(frame.Results);
        Assert.Contains("<table", table.Html);
        Assert.Contains("a", table.Text);
        using var json = JsonDocument.Parse(Assert.Single(dict.Results).Json!);
        Assert.Equal(1, json.RootElement.GetProperty("n").GetInt32());
        Assert.Equal(3, json.RootElement.GetProperty("items").GetArrayLength());
        var card = Assert.Single(rich.Results);
        Assert.Equal("<b>card</b>", card.Html);
        Assert.Equal("**card**", card.Data["text/markdown"]);
        Assert.StartsWith("<", card.Text);
    }

    [Fact]
    public async Task Output_StreamsAsItIsPrinted()
    {
        await using var sandbox = fixture.Engine.CreateEphemeral();
        await using var context = await CodeContext.StartAsync(sandbox, SandboxLanguage.Python, Cancel);
        var clock = Stopwatch.StartNew();
        TimeSpan? firstAt = null;
        TimeSpan? completedAt = null;
        var events = new List<ContextEvent>();

        await foreach (var item in context.RunAsync("import time\nprint('first')\ntime.sleep(0.5)\nprint('second')\n'end'", cancellationToken: Cancel))
        {
            events.Add(item);
            if (item is ContextOutput { Text: var text } && text.Contains("first"))
                firstAt = clock.Elapsed;
            if (item is ContextCompleted)
                completedAt = clock.Elapsed;
        }

        Assert.NotNull(firstAt);
        Assert.True(completedAt - firstAt >= TimeSpan.FromMilliseconds(400), $"first at {firstAt}, completed at {completedAt}");
        var stdout = string.Concat(events.OfType<ContextOutput>().Select(o => o.Text));
        Assert.Equal("first\nsecond\n", stdout);
        Assert.IsType<ContextResult>(events[^2]);
        Assert.IsType<ContextCompleted>(events[^1]);
    }

    [Fact]
    public async Task Exception_ReportsNameMessageAndTheUsersTraceback()
    {
        await using var sandbox = fixture.Engine.CreateEphemeral();
        await using var context = await CodeContext.StartAsync(sandbox, SandboxLanguage.Python, Cancel);

        var run = await context.RunAndCollectAsync("def divide(a):\n    return a / 0\n\ndivide(1)", cancellationToken: Cancel);
        var syntax = await context.RunAndCollectAsync("def broken(:", cancellationToken: Cancel);
        var after = await context.RunAndCollectAsync("divide", cancellationToken: Cancel);

        var error = Assert.IsType<ContextError>(run.Error);
        Assert.Equal("ZeroDivisionError", error.Name);
        Assert.Equal("division by zero", error.Message);
        Assert.Contains(error.Traceback, line => line.Contains("<cell-1>") && line.Contains("in divide"));
        Assert.DoesNotContain(error.Traceback, line => line.Contains("main.py"));
        Assert.Equal("SyntaxError", syntax.Error?.Name);
        Assert.Contains("<function divide", Assert.Single(after.Results).Text);
    }

    [Fact]
    public async Task SubprocessOutput_IsCaptured_AndStdinCannotEatCommands()
    {
        await using var sandbox = fixture.Engine.CreateEphemeral();
        await using var context = await CodeContext.StartAsync(sandbox, SandboxLanguage.Python, Cancel);

        var run = await context.RunAndCollectAsync(
            "import os, subprocess\nos.system('echo from-shell; echo shell-error >&2')\nsubprocess.run(['cat'])\nprint(subprocess.check_output(['echo', 'captured']).decode().strip())",
            cancellationToken: Cancel);
        var input = await context.RunAndCollectAsync("input()", cancellationToken: Cancel);
        var still = await context.RunAndCollectAsync("6 * 7", cancellationToken: Cancel);

        Assert.Null(run.Error);
        Assert.Equal("from-shell\ncaptured\n", string.Concat(run.Logs.Stdout));
        Assert.Equal("shell-error\n", string.Concat(run.Logs.Stderr));
        Assert.Equal("EOFError", input.Error?.Name);
        Assert.Equal("42", Assert.Single(still.Results).Text);
    }

    [Fact]
    public async Task ProcessDeath_IsReported_AndRestartGivesAFreshContext()
    {
        await using var sandbox = fixture.Engine.CreateEphemeral();
        await using var context = await CodeContext.StartAsync(sandbox, SandboxLanguage.Python, Cancel);
        await context.RunAndCollectAsync("kept = 5", cancellationToken: Cancel);

        var died = await context.RunAndCollectAsync("import os\nprint('bye')\nos._exit(3)", cancellationToken: Cancel);
        var dead = await context.RunAndCollectAsync("1 + 1", cancellationToken: Cancel);

        Assert.Equal("ContextDied", died.Error?.Name);
        Assert.Contains("code 3", died.Error!.Message);
        Assert.Equal("bye\n", string.Concat(died.Logs.Stdout));
        Assert.False(context.IsAlive);
        Assert.Equal("ContextDead", dead.Error?.Name);

        await context.RestartAsync(Cancel);
        var fresh = await context.RunAndCollectAsync("'kept' in globals()", cancellationToken: Cancel);
        Assert.True(context.IsAlive);
        Assert.Equal("False", Assert.Single(fresh.Results).Text);
        Assert.Equal(1, fresh.ExecutionCount);
    }

    [Fact]
    public async Task RunawayLoop_IsInterruptedAtItsTimeLimit_AndTheStateSurvives()
    {
        await using var sandbox = fixture.Engine.CreateEphemeral();
        await using var context = await CodeContext.StartAsync(sandbox, SandboxLanguage.Python, Cancel);
        await context.RunAndCollectAsync("kept = 5", cancellationToken: Cancel);
        var clock = Stopwatch.StartNew();

        var loop = await context.RunAndCollectAsync("try:\n    while True: pass\nexcept Exception:\n    pass", TimeSpan.FromSeconds(0.5), Cancel);
        var after = await context.RunAndCollectAsync("kept", cancellationToken: Cancel);

        Assert.Equal("TimeoutError", loop.Error?.Name);
        Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(0.4), TimeSpan.FromSeconds(5));
        Assert.True(context.IsAlive);
        Assert.Equal("5", Assert.Single(after.Results).Text);
    }

    [Fact]
    public async Task UninterruptibleRun_KillsTheContext_AndRestartRecovers()
    {
        await using var sandbox = fixture.Engine.CreateEphemeral();
        var options = new CodeContextOptions { InterruptGrace = TimeSpan.FromSeconds(0.5) };
        await using var context = await CodeContext.StartAsync(sandbox, SandboxLanguage.Python, options, Cancel);
        var clock = Stopwatch.StartNew();

        // system() waits for its child and retries on EINTR: the kernel cannot interrupt it.
        var stuck = await context.RunAndCollectAsync("import os\nos.system('sleep 30')", TimeSpan.FromSeconds(0.5), Cancel);

        Assert.Equal("TimeoutError", stuck.Error?.Name);
        Assert.Contains("state is lost", stuck.Error!.Message);
        Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(0.9), TimeSpan.FromSeconds(10));
        Assert.False(context.IsAlive);
        await context.RestartAsync(Cancel);
        Assert.Equal("2", Assert.Single((await context.RunAndCollectAsync("1 + 1", cancellationToken: Cancel)).Results).Text);
    }

    [Fact]
    public async Task ConcurrentRuns_AreSerialised()
    {
        await using var sandbox = fixture.Engine.CreateEphemeral();
        await using var context = await CodeContext.StartAsync(sandbox, SandboxLanguage.Python, Cancel);

        var slow = context.RunAndCollectAsync("import time\ntime.sleep(0.3)\nvalue = 20", cancellationToken: Cancel);
        var next = context.RunAndCollectAsync("value + 1", cancellationToken: Cancel);
        await Task.WhenAll(slow, next);

        Assert.Null((await slow).Error);
        Assert.Equal("21", Assert.Single((await next).Results).Text);
        Assert.Equal(2, (await next).ExecutionCount);
    }

    [Fact]
    public async Task TopLevelAwait_Works()
    {
        await using var sandbox = fixture.Engine.CreateEphemeral();
        await using var context = await CodeContext.StartAsync(sandbox, SandboxLanguage.Python, Cancel);

        var run = await context.RunAndCollectAsync("import asyncio\nawait asyncio.sleep(0.01)\nanswer = 40\nanswer + 2", cancellationToken: Cancel);

        Assert.Null(run.Error);
        Assert.Equal("42", Assert.Single(run.Results).Text);
    }

    [Fact]
    public async Task OutputPastTheCap_IsCutForThatRunOnly()
    {
        await using var sandbox = fixture.Engine.CreateEphemeral();
        sandbox.Limits = sandbox.Limits with { MaxOutputBytes = 10_000 };
        await using var context = await CodeContext.StartAsync(sandbox, SandboxLanguage.Python, Cancel);

        var flood = await context.RunAndCollectAsync("for _ in range(100):\n    print('x' * 999)\n'still here'", cancellationToken: Cancel);
        var next = await context.RunAndCollectAsync("print('small')", cancellationToken: Cancel);

        var stdout = string.Concat(flood.Logs.Stdout);
        Assert.InRange(stdout.Length, 9_000, 10_200);
        Assert.Contains("cut at 10000 bytes", stdout);
        Assert.Equal("'still here'", Assert.Single(flood.Results).Text);
        Assert.Equal("small\n", string.Concat(next.Logs.Stdout));
    }

    [Fact]
    public async Task OutputThatFillsTheCapExactly_ThenMore_IsCutWithTheNote()
    {
        await using var sandbox = fixture.Engine.CreateEphemeral();
        sandbox.Limits = sandbox.Limits with { MaxOutputBytes = 10_000 };
        await using var context = await CodeContext.StartAsync(sandbox, SandboxLanguage.Python, Cancel);

        // One write of exactly the cap, read on its own, then more: the note must still come.
        var run = await context.RunAndCollectAsync("import os, time\nos.write(1, b'x' * 10_000)\ntime.sleep(0.3)\nprint('past the cap')", cancellationToken: Cancel);

        Assert.Null(run.Error);
        Assert.Equal(new string('x', 10_000) + "\n[sandcastle: stdout of this run cut at 10000 bytes]\n", string.Concat(run.Logs.Stdout));
    }

    [Fact]
    public async Task AbandonedRun_FinishesInTheKernel_BeforeTheNextRunStarts()
    {
        await using var sandbox = fixture.Engine.CreateEphemeral();
        await using var context = await CodeContext.StartAsync(sandbox, SandboxLanguage.Python, Cancel);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(Cancel);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var item in context.RunAsync("import time\nprint('started')\ntime.sleep(0.4)\nfinished = True", cancellationToken: stop.Token))
            {
                if (item is ContextOutput)
                    await stop.CancelAsync();
            }
        });
        var next = await context.RunAndCollectAsync("finished", cancellationToken: Cancel);

        Assert.Equal("True", Assert.Single(next.Results).Text);
        Assert.Equal(2, next.ExecutionCount);
    }

    [Fact]
    public async Task Display_ShowsSeveralResultsInOrder()
    {
        await using var sandbox = fixture.Engine.CreateEphemeral();
        await using var context = await CodeContext.StartAsync(sandbox, SandboxLanguage.Python, Cancel);

        var run = await context.RunAndCollectAsync("display([1, 2])\nprint('between')\ndisplay('text')\n3", cancellationToken: Cancel);

        Assert.Equal(["[1, 2]", "'text'", "3"], run.Results.Select(r => r.Text));
        Assert.Equal("[1, 2]", run.Results[0].Json);
        Assert.Equal("between\n", string.Concat(run.Logs.Stdout));
    }

    [Fact]
    public async Task OutOfMemory_KillsTheContext_AndSaysSo()
    {
        await using var sandbox = fixture.Engine.CreateEphemeral();
        sandbox.Limits = sandbox.Limits with { MemoryBytes = 96L * 1024 * 1024 };
        await using var context = await CodeContext.StartAsync(sandbox, SandboxLanguage.Python, Cancel);

        var run = await context.RunAndCollectAsync("blocks = []\nwhile True:\n    blocks.append(bytearray(8 * 1024 * 1024))\n    blocks[-1][::4096] = b'x' * 2048", cancellationToken: Cancel);

        Assert.Equal("ContextDied", run.Error?.Name);
        Assert.Contains("out of memory", run.Error!.Message);
        Assert.False(context.IsAlive);
    }
}
