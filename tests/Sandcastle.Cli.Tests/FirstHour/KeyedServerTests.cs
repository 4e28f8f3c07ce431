using Sandcastle.Cli.Tests.Infrastructure;
using Sandcastle.Testing;

namespace Sandcastle.Cli.Tests.FirstHour;

/// <summary>The CLI against a real server with API keys: --api-key / SANDCASTLE_API_KEY, and a 401 that says the CLI way.</summary>
public sealed class KeyedServerTests : IAsyncLifetime
{
    private const string Key = "first-hour-key";
    private readonly CliHome _home = new();
    private FakeAnthropicServer _claude = null!;
    private InProcessServer _server = null!;

    public async ValueTask InitializeAsync()
    {
        _claude = await FakeAnthropicServer.StartAsync(TestContext.Current.CancellationToken);
        _server = await InProcessServer.StartAsync(new Dictionary<string, string?>
        {
            ["Tenancy:ApiKeys"] = Key,
            ["Generation:ApiKey"] = "sk-ant-test",
            ["Generation:BaseUrl"] = _claude.BaseUrl,
        });
        File.WriteAllText(Path.Combine(_home.WorkingDirectory, "data.csv"), "x\n40\n2\n");
    }

    [Fact]
    public async Task WithoutAKey_TheRefusalNamesTheOptionAndTheVariable()
    {
        var result = await _home.RunAsync("run", "-p", "anything", "--server", _server.Url);

        Assert.Equal(3, result.ExitCode);
        Assert.Contains("--api-key", result.Stderr);
        Assert.Contains("SANDCASTLE_API_KEY", result.Stderr);
        Assert.DoesNotContain("Authorization", result.Stderr);
        Assert.Empty(_claude.Requests);
    }

    [Fact]
    public async Task ApiKeyOption_RunsWithTheUsersFile_OnTheServer()
    {
        _claude.EnqueueText("```python\nprint(sum(int(r) for r in open('data.csv').read().split()[1:]))\n```");

        var result = await _home.RunAsync("run", "-p", "Add up x", "--file", "data.csv", "--server", _server.Url, "--api-key", Key);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("\n42\n", result.Stdout);
    }

    [Fact]
    public async Task ApiKeyVariable_WorksForSandboxCommands_AndRmCarriesOnPastAMissingOne()
    {
        _home.Environment["SANDCASTLE_API_KEY"] = Key;
        _home.Environment["SANDCASTLE_SERVER"] = _server.Url;

        var copied = await _home.RunAsync("sandbox", "cp", "data.csv", "keep:data.csv");
        var back = await _home.RunAsync("sandbox", "cp", "keep:data.csv", "-");
        var removed = await _home.RunAsync("sandbox", "rm", "missing-one", "keep", "missing-two");
        var list = await _home.RunAsync("sandbox", "list", "--json");

        Assert.True(copied.ExitCode == 0, copied.ToString());
        Assert.Equal("x\n40\n2\n", back.Stdout);
        Assert.Equal(1, removed.ExitCode);
        Assert.Contains("Removed keep", removed.Stdout);
        Assert.Contains("missing-two", removed.Stderr);
        Assert.Equal("[]", list.Stdout.Trim());
    }

    [Fact]
    public async Task MissingSandboxOnTheServer_Exits1_AsDocumented()
    {
        var result = await _home.RunAsync("sandbox", "files", "nobody-here", "--server", _server.Url, "--api-key", Key);

        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith("sandcastle: ", result.Stderr);
    }

    public async ValueTask DisposeAsync()
    {
        await _server.DisposeAsync();
        await _claude.DisposeAsync();
        _home.Dispose();
    }
}
