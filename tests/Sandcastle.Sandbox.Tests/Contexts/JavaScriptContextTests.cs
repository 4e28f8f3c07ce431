using System.Text.Json;
using Microsoft.Extensions.Options;
using Sandcastle.Sandbox.Contexts;

namespace Sandcastle.Sandbox.Tests.Contexts;

public sealed class JavaScriptContextTests(SandboxEngineFixture fixture) : IClassFixture<SandboxEngineFixture>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task JavaScript_KeepsState_AndTopLevelAwaitKeepsDeclarations()
    {
        await using var sandbox = fixture.Engine.CreateEphemeral();
        await using var context = await CodeContext.StartAsync(sandbox, SandboxLanguage.JavaScript, Cancel);

        await context.RunAndCollectAsync("let x = 1", cancellationToken: Cancel);
        var plus = await context.RunAndCollectAsync("x + 1", cancellationToken: Cancel);
        var awaited = await context.RunAndCollectAsync("const y = await new Promise(r => setTimeout(() => r(x + 1), 20));\ny * 10", cancellationToken: Cancel);
        var later = await context.RunAndCollectAsync("y", cancellationToken: Cancel);

        Assert.Equal("2", Assert.Single(plus.Results).Text);
        Assert.Equal("20", Assert.Single(awaited.Results).Text);
        Assert.Equal("2", Assert.Single(later.Results).Text);
        Assert.Equal(4, later.ExecutionCount);
    }

    [Fact]
    public async Task JavaScript_ObjectsAreJson_ConsoleAndChildrenStream_ErrorsHaveTracebacks()
    {
        await using var sandbox = fixture.Engine.CreateEphemeral();
        await using var context = await CodeContext.StartAsync(sandbox, SandboxLanguage.JavaScript, Cancel);

        var json = await context.RunAndCollectAsync("({ n: 1, items: [1, 2, 3] })", cancellationToken: Cancel);
        var output = await context.RunAndCollectAsync(
            "console.log('from-console');\nconsole.error('to-stderr');\nrequire('child_process').execSync('echo from-child', { stdio: 'inherit' });\nundefined",
            cancellationToken: Cancel);
        var error = await context.RunAndCollectAsync("function fail() { throw new TypeError('bad input') }\nfail()", cancellationToken: Cancel);

        using var document = JsonDocument.Parse(Assert.Single(json.Results).Json!);
        Assert.Equal(3, document.RootElement.GetProperty("items").GetArrayLength());
        Assert.Equal("from-console\nfrom-child\n", string.Concat(output.Logs.Stdout));
        Assert.Equal("to-stderr\n", string.Concat(output.Logs.Stderr));
        Assert.Empty(output.Results);
        Assert.Equal("TypeError", error.Error?.Name);
        Assert.Equal("bad input", error.Error?.Message);
        Assert.Contains(error.Error!.Traceback, line => line.Contains("at fail (cell-3"));
        Assert.DoesNotContain(error.Error.Traceback, line => line.Contains("node:"));
    }

    [Fact]
    public async Task JavaScript_RunawayLoop_IsInterrupted()
    {
        await using var sandbox = fixture.Engine.CreateEphemeral();
        await using var context = await CodeContext.StartAsync(sandbox, SandboxLanguage.JavaScript, Cancel);
        await context.RunAndCollectAsync("var kept = 7", cancellationToken: Cancel);

        var loop = await context.RunAndCollectAsync("while (true) {}", TimeSpan.FromSeconds(0.5), Cancel);
        var after = await context.RunAndCollectAsync("kept", cancellationToken: Cancel);

        Assert.Equal("TimeoutError", loop.Error?.Name);
        Assert.True(context.IsAlive);
        Assert.Equal("7", Assert.Single(after.Results).Text);
    }

    [Fact]
    public async Task TypeScript_StripsTypesPerCell_AndKeepsState()
    {
        await using var sandbox = fixture.Engine.CreateEphemeral();
        await using var context = await CodeContext.StartAsync(sandbox, SandboxLanguage.TypeScript, Cancel);

        await context.RunAndCollectAsync("interface Point { x: number; y: number }\nconst p: Point = { x: 3, y: 4 };", cancellationToken: Cancel);
        var length = await context.RunAndCollectAsync("const norm = (q: Point): number => Math.hypot(q.x, q.y);\nnorm(p)", cancellationToken: Cancel);
        var awaited = await context.RunAndCollectAsync("const later: string = await Promise.resolve('ok');\nlater", cancellationToken: Cancel);
        var syntax = await context.RunAndCollectAsync("let broken: = 1", cancellationToken: Cancel);

        Assert.Equal("5", Assert.Single(length.Results).Text);
        Assert.Equal("'ok'", Assert.Single(awaited.Results).Text);
        Assert.Equal("SyntaxError", syntax.Error?.Name);
    }

    [Fact]
    public async Task TypeScript_UsesTheEnginesEsbuild()
    {
        var dataRoot = Directory.CreateTempSubdirectory("sandcastle-tests-");
        try
        {
            await using (var engine = new SandboxEngine(Options.Create(new SandboxOptions
            {
                DataRoot = dataRoot.FullName,
                EsbuildPath = "/nonexistent-esbuild/bin/esbuild",
            })))
            {
                await using var sandbox = engine.CreateEphemeral();
                await using var context = await CodeContext.StartAsync(sandbox, SandboxLanguage.TypeScript, Cancel);

                var plain = await context.RunAndCollectAsync("1 + 1", cancellationToken: Cancel);
                var typed = await context.RunAndCollectAsync("const n: number = 1;\nn", cancellationToken: Cancel);

                Assert.Equal("2", Assert.Single(plain.Results).Text);
                Assert.Contains("/nonexistent-esbuild", typed.Error?.Message);
            }
        }
        finally
        {
            dataRoot.Delete(recursive: true);
        }
    }
}
