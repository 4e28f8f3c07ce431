using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using Sandcastle.Cli.Tests.Infrastructure;
using Sandcastle.Testing;

namespace Sandcastle.Cli.Tests.FirstHour;

/// <summary><c>sandcastle serve</c> starts quiet and refuses in one line with its own exit code.</summary>
public sealed partial class ServeTests : IDisposable
{
    private readonly CliHome _home = new();

    [Fact]
    public async Task ExposedWithoutKeys_IsRefusedBeforeListening()
    {
        var result = await _home.RunAsync("serve", "--urls", $"http://0.0.0.0:{FreePort.Next()}");

        Assert.Equal(3, result.ExitCode);
        Assert.Contains("SANDCASTLE_API_KEYS", result.Stderr);
        Assert.DoesNotContain("listening", result.Stderr, StringComparison.OrdinalIgnoreCase);
        Assert.Single(result.Stderr.TrimEnd('\n').Split('\n'));
    }

    [Fact]
    public async Task DataRootOwnedByAnotherProgram_IsRefusedInOneLine_BeforeTheEngineStarts()
    {
        // As another sandcastle program holds it: the advisory lock on owner.lock (flock, exclusive).
        using (var held = new FileStream(Path.Combine(_home.DataDirectory, "owner.lock"), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None))
        {
            var result = await _home.RunAsync("serve", "--urls", $"http://127.0.0.1:{FreePort.Next()}");

            Assert.Equal(7, result.ExitCode);
            var line = Assert.Single(result.Stderr.TrimEnd('\n').Split('\n'));
            Assert.Contains("a server must own it alone", line);
            Assert.Contains(_home.DataDirectory, line);
        }
        // Nothing of an engine (its sandboxes, run and cache directories) was made in the data root the other program
        // owns: only the install's silo certificate, which building the server makes when there is none yet.
        string[] expected = ["owner.lock", "silo"];
        Assert.All(Directory.EnumerateFileSystemEntries(_home.DataDirectory).Select(Path.GetFileName), entry => Assert.Contains(entry, expected));
    }

    [Fact]
    public async Task PortInUse_IsOneLine_WithItsOwnExitCode()
    {
        using var holder = new TcpListener(IPAddress.Loopback, 0);
        holder.Start();
        var port = ((IPEndPoint)holder.LocalEndpoint).Port;

        var result = await _home.RunAsync("serve", "--urls", $"http://127.0.0.1:{port}");

        Assert.Equal(6, result.ExitCode);
        // The engine starts before Kestrel binds, so its housekeeping (cgroups other engines on this machine left)
        // may log a line first; the refusal itself is one line, with no stack trace.
        var lines = result.Stderr.TrimEnd('\n').Split('\n');
        var refusal = Assert.Single(lines, line => line.Contains("cannot listen", StringComparison.Ordinal));
        Assert.Contains("address already in use", refusal);
        Assert.DoesNotContain(lines, line => line.TrimStart().StartsWith("at ", StringComparison.Ordinal));
        Assert.DoesNotContain("Exception", result.Stderr);
    }

    [Fact]
    public async Task InvalidConfiguration_NamesTheSetting_NotTheFramework()
    {
        _home.Environment["Generation__BaseUrl"] = "not-a-url";

        var result = await _home.RunAsync("serve", "--urls", $"http://127.0.0.1:{FreePort.Next()}");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("Generation:BaseUrl", result.Stderr);
        Assert.DoesNotContain("DataAnnotation", result.Stderr);
    }

    [Fact]
    public async Task Start_SaysWhereAndWhatIsReady_AndNothingElse()
    {
        _home.Environment["ANTHROPIC_API_KEY"] = "sk-ant-test";
        var url = $"http://127.0.0.1:{FreePort.Next()}";
        using var serve = _home.Start(["serve", "--urls", url]);
        serve.StandardInput.Close();
        _ = serve.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var lines = new List<string>();
        // The model line is the last of the start-up report.
        while (await serve.StandardError.ReadLineAsync(TestContext.Current.CancellationToken) is { } line)
        {
            lines.Add(line);
            if (line.Contains("model:", StringComparison.Ordinal))
                break;
        }
        // Orleans' start-up notes come a few seconds in: meanwhile a local command on the server's data root is sent to it.
        var local = await _home.RunAsync("sandbox", "rm", "demo");
        await Task.Delay(TimeSpan.FromSeconds(1), TestContext.Current.CancellationToken);
        using (var interrupt = Process.Start("kill", ["-INT", serve.Id.ToString()]))
            await interrupt.WaitForExitAsync(TestContext.Current.CancellationToken);
        var rest = await serve.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        await serve.WaitForExitAsync(TestContext.Current.CancellationToken);

        var all = string.Join('\n', lines) + "\n" + rest;
        // The engine's housekeeping may log first (cgroups that other engines on this machine left); the report is
        // the first line that is not a log line.
        Assert.Equal($"Sandcastle is listening on {url} (Ctrl+C stops it).", lines.First(l => !LogLine().IsMatch(l)));
        Assert.Contains(lines, l => l.StartsWith("  sandbox engine: ready", StringComparison.Ordinal));
        // Root with loop devices and e2fsprogs, as this machine is: quotas are the kernel's, and the report says so.
        Assert.Contains(lines, l => l.StartsWith("  workspace quota: enforced by the kernel", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("  model: claude-sonnet-5-5 (Anthropic API key set)", StringComparison.Ordinal));
        Assert.DoesNotContain("ServerGC", all);
        Assert.DoesNotContain("deadlock", all);
        Assert.DoesNotContain("Now listening", all);
        Assert.Equal(0, serve.ExitCode);
        Assert.Equal(7, local.ExitCode);
        Assert.Contains($"--server {url}", local.Stderr);
    }

    public void Dispose() => _home.Dispose();

    [GeneratedRegex(@"^\d{4}-\d\d-\d\dT[\d:.]+Z (trce|dbug|info|warn|fail|crit): ")]
    private static partial Regex LogLine();
}
