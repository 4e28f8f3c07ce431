using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using Sandcastle.Testing;

// Start-up of an agent run: from POST /v1/sandboxes/{id}/agent to Claude Code's first model request arriving at the
// fake API (through the sandbox's door and the server's relay), against `claude -p` started raw on the host with the
// same fake. Both answer at once with text, so each run ends right after. Usage: dotnet run -c Release [runs]
var runs = args.Length > 0 ? int.Parse(args[0]) : 10;
const string Claude = "/usr/local/lib/sandcastle/node_modules/.bin/claude";
await using var fake = await FakeAnthropicServer.StartAsync();
var firstRequest = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
fake.Responder = request =>
{
    firstRequest.TrySetResult(Stopwatch.GetTimestamp());
    return FakeReply.WithText("ok");
};

var dataRoot = Directory.CreateTempSubdirectory("sandcastle-bench-agent-");
File.SetUnixFileMode(dataRoot.FullName, (UnixFileMode)0b111_001_001);
await using var server = await SandcastleTestServer.StartAsync(dataRoot.FullName, new Dictionary<string, string?>
{
    ["Generation:ApiKey"] = "sk-ant-bench",
    ["Generation:BaseUrl"] = fake.BaseUrl,
});
using var http = server.CreateClient();
http.Timeout = TimeSpan.FromMinutes(5);
(await http.PutAsync("/v1/sandboxes/bench", null)).EnsureSuccessStatusCode();

async Task<double> SandboxedAsync()
{
    firstRequest = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
    using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/sandboxes/bench/agent")
    {
        Content = new StringContent("""{"prompt":"hi"}""", Encoding.UTF8, "application/json"),
    };
    request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
    var start = Stopwatch.GetTimestamp();
    using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
    var first = await firstRequest.Task.WaitAsync(TimeSpan.FromMinutes(2));
    _ = await response.Content.ReadAsStringAsync(); // to the result: the next run starts from an idle sandbox
    return Stopwatch.GetElapsedTime(start, first).TotalMilliseconds;
}

var home = Directory.CreateTempSubdirectory("sandcastle-bench-claude-home-");
async Task<double> RawAsync()
{
    firstRequest = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
    var info = new ProcessStartInfo(Claude, ["-p", "hi", "--output-format", "stream-json", "--verbose", "--allowedTools", "Bash,Write,Read"])
    {
        RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = home.FullName,
    };
    info.Environment["HOME"] = home.FullName;
    info.Environment["ANTHROPIC_BASE_URL"] = fake.BaseUrl;
    info.Environment["ANTHROPIC_API_KEY"] = "sk-ant-bench";
    info.Environment["CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC"] = "1";
    info.Environment["DISABLE_AUTOUPDATER"] = "1";
    var start = Stopwatch.GetTimestamp();
    using var process = Process.Start(info)!;
    var first = await firstRequest.Task.WaitAsync(TimeSpan.FromMinutes(2));
    await process.StandardOutput.ReadToEndAsync();
    await process.WaitForExitAsync();
    return Stopwatch.GetElapsedTime(start, first).TotalMilliseconds;
}

await SandboxedAsync();
await RawAsync();
var sandboxed = new List<double>();
var raw = new List<double>();
for (var i = 0; i < runs; i++)
{
    sandboxed.Add(await SandboxedAsync());
    raw.Add(await RawAsync());
}
static double Percentile(List<double> values, int p)
{
    var sorted = values.Order().ToArray();
    return sorted[(int)Math.Ceiling(p / 100.0 * sorted.Length) - 1];
}
Console.WriteLine($"Request to Claude Code's first model request, {runs} runs each (after one warm-up), {Environment.ProcessorCount} cores");
Console.WriteLine($"sandboxed (POST /agent → relay → fake): p50 {Percentile(sandboxed, 50):0} ms, p95 {Percentile(sandboxed, 95):0} ms");
Console.WriteLine($"raw claude -p on the host → fake:       p50 {Percentile(raw, 50):0} ms, p95 {Percentile(raw, 95):0} ms");
Console.WriteLine($"ratio sandboxed/raw: p50 {Percentile(sandboxed, 50) / Percentile(raw, 50):0.00}, p95 {Percentile(sandboxed, 95) / Percentile(raw, 95):0.00}");
await server.DisposeAsync();
dataRoot.Delete(recursive: true);
home.Delete(recursive: true);
