using Sandcastle.Cli.Tests.Infrastructure;
using Sandcastle.Testing;

namespace Sandcastle.Cli.Tests.FirstHour;

/// <summary>A data root the sandbox user cannot reach is found before anything runs, and before any model call.</summary>
public sealed class DataRootTests : IAsyncLifetime
{
    private readonly CliHome _home = new();
    private FakeAnthropicServer _claude = null!;
    private string _locked = "";

    public async ValueTask InitializeAsync()
    {
        _claude = await FakeAnthropicServer.StartAsync(TestContext.Current.CancellationToken);
        _home.Environment["ANTHROPIC_API_KEY"] = "sk-ant-test";
        _home.Environment["ANTHROPIC_BASE_URL"] = _claude.BaseUrl;
        // As root's home is: only its owner may pass.
        _locked = Directory.CreateDirectory(Path.Combine(_home.Root, "private")).FullName;
        File.SetUnixFileMode(_locked, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        _home.Environment["SANDCASTLE_DATA_DIR"] = Path.Combine(_locked, "data");
    }

    [Fact]
    public async Task Exec_Exits125_NamingTheDirectoryAndTheFix()
    {
        var result = await _home.RunAsync("exec", "-l", "python", "-c", "print(1)");

        Assert.True(result.ExitCode == 125, result.ToString());
        Assert.Contains(_locked, result.Stderr);
        Assert.Contains("SANDCASTLE_DATA_DIR", result.Stderr);
        Assert.DoesNotContain("bwrap", result.Stderr);
    }

    [Fact]
    public async Task Run_Exits125_WithoutCallingTheModel()
    {
        _claude.EnqueueText("```python\nprint(1)\n```");

        var result = await _home.RunAsync("run", "-p", "print one");

        Assert.True(result.ExitCode == 125, result.ToString());
        Assert.Contains(_locked, result.Stderr);
        Assert.Empty(_claude.Requests);
    }

    public async ValueTask DisposeAsync()
    {
        await _claude.DisposeAsync();
        _home.Dispose();
    }
}
