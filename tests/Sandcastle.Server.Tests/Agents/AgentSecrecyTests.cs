using System.Text;
using Sandcastle.Server.Tests.Infrastructure;
using static Sandcastle.Server.Tests.Agents.AgentHarness;

namespace Sandcastle.Server.Tests.Agents;

/// <summary>
/// Attack: whatever Claude Code's tools can see inside the sandbox (its environment, every process's environment and
/// command line under /proc, its files) never holds the server's key, though every request the model API gets does.
/// Forked and launched, like every isolation claim.
/// </summary>
public sealed class AgentSecrecyTests
{
    // Files are searched for the key's shape (its prefix), since the key itself is not known inside; whatever matches
    // is printed, and the test looks for the whole key in it.
    private const string Dump =
        "env; echo ===proc; for p in /proc/[0-9]*; do tr '\\0' '\\n' < $p/environ; tr '\\0' ' ' < $p/cmdline; echo; done 2>/dev/null; "
        + "echo ===files; grep -ra -o '.\\{0,20\\}sk-ant-.\\{0,60\\}' / --exclude-dir=proc --exclude-dir=sys --exclude-dir=usr --exclude-dir=dev 2>/dev/null | head -50; "
        + "echo searched $(find / -xdev \\( -path /proc -o -path /sys -o -path /usr \\) -prune -o -type f -print 2>/dev/null | wc -l) files; echo ===end";

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task The_real_key_never_enters_the_sandbox(bool forkServer)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var harness = AgentHarness.Create(forkServer);
        await harness.InitializeAsync();
        await harness.CreateSandboxAsync("secrecy");
        harness.Execute.Model.Responder = AgentScripts.Bash(Dump);

        var events = await harness.RunAsync("secrecy", new { prompt = "Show me your environment and files." });

        var dumped = harness.Execute.Model.Requests.Select(r => r.LastToolResults).FirstOrDefault(t => t.Contains("===end"));
        Assert.True(dumped is not null, string.Join("\n", events.Select(e => e.ToString())));
        // The dump worked: it shows the run's token where a key would be, and Claude Code's own files.
        Assert.Contains("ANTHROPIC_API_KEY=sc-run-", dumped);
        Assert.Contains("ANTHROPIC_BASE_URL=http://sandcastle-model-relay/", dumped);
        Assert.Matches("searched [1-9][0-9]* files", dumped);
        Assert.DoesNotContain(ExecuteHarness.ApiKey, dumped);
        Assert.DoesNotContain(ExecuteHarness.ApiKey, string.Join("\n", events.Select(e => e.ToString())));
        Assert.All(harness.Execute.Model.Requests, r => Assert.Equal(ExecuteHarness.ApiKey, r.Headers["x-api-key"]));

        // The workspace as the host holds it (Claude Code's home and sessions included) has no trace of it either.
        var workspaces = Path.Combine(harness.Execute.Server.DataRoot);
        foreach (var file in Directory.EnumerateFiles(workspaces, "*", new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true }))
        {
            if (new FileInfo(file).Length > 8 * 1024 * 1024)
                continue;
            byte[] bytes;
            try
            {
                bytes = await File.ReadAllBytesAsync(file, ct);
            }
            catch (IOException)
            {
                continue;
            }
            Assert.False(Encoding.Latin1.GetString(bytes).Contains(ExecuteHarness.ApiKey, StringComparison.Ordinal), $"{file} holds the key");
        }
        Assert.True(Directory.EnumerateFiles(workspaces, "*.jsonl", SearchOption.AllDirectories).Any(), "Claude Code's session files were searched");
    }

    [Fact]
    public async Task A_token_is_useless_after_its_run()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var harness = AgentHarness.Create(forkServer: true);
        await harness.InitializeAsync();
        await harness.CreateSandboxAsync("stale");
        harness.Execute.Model.Responder = AgentScripts.Bash("echo $ANTHROPIC_API_KEY");
        await harness.RunAsync("stale", new { prompt = "token?" });
        var token = harness.Execute.Model.Requests.Select(r => r.LastToolResults.Trim()).Single(t => t.StartsWith("sc-run-", StringComparison.Ordinal));
        var before = harness.Execute.Model.Requests.Count;

        using var request = new HttpRequestMessage(HttpMethod.Post, "/model-relay/v1/messages")
        {
            Content = new StringContent("""{"model":"m","max_tokens":5,"messages":[{"role":"user","content":"hi"}]}""", Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("x-api-key", token);
        using var response = await harness.Client.SendAsync(request, ct);
        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(before, harness.Execute.Model.Requests.Count);
    }
}

