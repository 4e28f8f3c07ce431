using System.Net.Http.Json;
using System.Text.Json;
using Sandcastle.Cli.Tests.Infrastructure;

namespace Sandcastle.Cli.Tests.Sandboxes;

/// <summary>
/// An agent's commonest exec, <c>python3 script.py</c>, over the real server's HTTP API: the fork server runs it in
/// its sandbox's already-started interpreter, and the caller gets what a fresh <c>python3</c> gives.
/// </summary>
public sealed class PythonCommandHttpTests : IAsyncLifetime
{
    private InProcessServer _server = null!;
    private HttpClient _http = null!;

    public async ValueTask InitializeAsync()
    {
        _server = await InProcessServer.StartAsync(new Dictionary<string, string?>());
        _http = new HttpClient { BaseAddress = new Uri(_server.Url + "/") };
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task APython3Command_OverHttp_GetsItsArgumentsStdinEnvironmentAndExitCode()
    {
        var ct = TestContext.Current.CancellationToken;
        (await _http.PutAsJsonAsync("v1/sandboxes/py-cmd", new { }, ct)).EnsureSuccessStatusCode();
        var written = await ExecAsync(new
        {
            command = "mkdir -p tools && printf 'import os, sys\\nprint(sys.argv, __file__, os.environ[\"GREETING\"])\\nsys.exit(sys.stdin.read().strip())\\n' > tools/greet.py",
        });
        Assert.Equal(0, written.GetProperty("exitCode").GetInt32());

        var script = await ExecAsync(new { command = "python3 tools/greet.py a 'b c'", stdin = "bye", env = new Dictionary<string, string> { ["GREETING"] = "hi" } });
        var inline = await ExecAsync(new { command = "python3 -c 'import sys; print(sys.argv, sys.path[0] == \"\")' x" });

        Assert.Equal(("['tools/greet.py', 'a', 'b c'] /workspace/tools/greet.py hi\n", "bye\n", 1),
            (script.GetProperty("stdout").GetString(), script.GetProperty("stderr").GetString(), script.GetProperty("exitCode").GetInt32()));
        Assert.Equal(("['-c', 'x'] True\n", "", 0),
            (inline.GetProperty("stdout").GetString(), inline.GetProperty("stderr").GetString(), inline.GetProperty("exitCode").GetInt32()));
    }

    private async Task<JsonElement> ExecAsync(object body)
    {
        using var response = await _http.PostAsJsonAsync("v1/sandboxes/py-cmd/exec", body, TestContext.Current.CancellationToken);
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(response.IsSuccessStatusCode, text);
        return JsonDocument.Parse(text).RootElement;
    }
}
