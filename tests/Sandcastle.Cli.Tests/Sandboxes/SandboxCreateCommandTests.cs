using System.Net.Http.Json;
using System.Text.Json;
using Sandcastle.Cli.Tests.Infrastructure;

namespace Sandcastle.Cli.Tests.Sandboxes;

/// <summary><c>sandcastle sandbox create ID --allow-net HOST</c>, the real CLI as a process, against a real server and locally.</summary>
public sealed class SandboxCreateCommandTests : IAsyncLifetime
{
    private readonly CliHome _home = new();
    private InProcessServer _server = null!;

    public async ValueTask InitializeAsync() => _server = await InProcessServer.StartAsync(new Dictionary<string, string?>());

    [Fact]
    public async Task Create_OnAServer_SetsThePolicy_AndAgainUpdatesIt()
    {
        using var http = new HttpClient { BaseAddress = new Uri(_server.Url + "/") };
        var ct = TestContext.Current.CancellationToken;

        var created = await _home.RunAsync("sandbox", "create", "cli-net", "--allow-net", "pkgs.test", "--allow-net", "*.example.test", "--server", _server.Url);
        Assert.True(created.ExitCode == 0, created.ToString());
        var shown = await http.GetFromJsonAsync<JsonElement>("v1/sandboxes/cli-net", ct);
        Assert.Equal("[\"pkgs.test\",\"*.example.test\"]", shown.GetProperty("network").GetProperty("allow").GetRawText());
        // The sandbox's later execs go out through that policy: another name is refused with it named.
        var run = await (await http.PostAsJsonAsync("v1/sandboxes/cli-net/exec", new { command = "curl -sS http://elsewhere.test/" }, ct)).Content.ReadFromJsonAsync<JsonElement>(ct);
        Assert.Contains("may reach: pkgs.test, *.example.test", run.GetProperty("stdout").GetString());

        var updated = await _home.RunAsync("sandbox", "create", "cli-net", "--allow-net", "other.test", "--server", _server.Url);
        Assert.True(updated.ExitCode == 0, updated.ToString());
        Assert.Contains("other.test", updated.Stdout);
        shown = await http.GetFromJsonAsync<JsonElement>("v1/sandboxes/cli-net", ct);
        Assert.Equal("[\"other.test\"]", shown.GetProperty("network").GetProperty("allow").GetRawText());
    }

    [Fact]
    public async Task Create_WithABadIdOrEntry_IsAUsageError_AndLocallyMakesTheSandbox()
    {
        var badId = await _home.RunAsync("sandbox", "create", "Bad_Id", "--server", _server.Url);
        Assert.Equal(2, badId.ExitCode);
        Assert.Contains("not a valid sandbox id", badId.Stderr);
        var badEntry = await _home.RunAsync("sandbox", "create", "cli-bad", "--allow-net", "bad host!", "--server", _server.Url);
        Assert.Equal(2, badEntry.ExitCode);
        Assert.Contains("--allow-net", badEntry.Stderr);

        var local = await _home.RunAsync("sandbox", "create", "cli-local", "--allow-net", "pkgs.test");
        Assert.True(local.ExitCode == 0, local.ToString());
        Assert.Contains("give --allow-net pkgs.test to each", local.Stderr);
        var listed = await _home.RunAsync("sandbox", "list", "--json");
        Assert.Contains("cli-local", listed.Stdout);
    }

    public async ValueTask DisposeAsync()
    {
        await _server.DisposeAsync();
        _home.Dispose();
    }
}
