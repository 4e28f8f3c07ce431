using System.Diagnostics;

namespace Sandcastle.Cli.Tests.Infrastructure;

/// <summary>A tmux server of its own (private socket) running one program in a sized pseudo-terminal.</summary>
public sealed class Tmux : IDisposable
{
    private readonly string _socket = $"sandcastle-test-{Guid.NewGuid():N}"[..28];
    private const string Session = "cli";

    public async Task StartAsync(string workingDirectory, IReadOnlyDictionary<string, string?> environment, IReadOnlyList<string> command, int columns = 160, int rows = 50)
    {
        var arguments = new List<string> { "new-session", "-d", "-s", Session, "-x", columns.ToString(), "-y", rows.ToString(), "-c", workingDirectory };
        foreach (var (name, value) in environment)
        {
            if (value is not null && name is not ("TMUX" or "TMUX_PANE" or "TERM"))
                arguments.AddRange(["-e", $"{name}={value}"]);
        }
        // The pane outlives the program, so its last screen can still be read, with the exit code under it.
        arguments.AddRange(["/bin/sh", "-c", "\"$@\"; echo \"[exited $?]\"; sleep 120", "sh", .. command]);
        var result = await RunAsync(arguments);
        if (result.ExitCode != 0)
            throw new InvalidOperationException($"tmux new-session failed: {result.Output}");
    }

    /// <summary>The visible screen; with escapes, colours and attributes as escape sequences.</summary>
    public async Task<string> CaptureAsync(bool withEscapes = false) =>
        (await RunAsync(withEscapes ? ["capture-pane", "-p", "-e", "-t", Session] : ["capture-pane", "-p", "-t", Session])).Output;

    /// <summary>Waits until the screen contains every text, or fails with the last screen.</summary>
    public async Task<string> WaitForAsync(TimeSpan timeout, params string[] texts)
    {
        var deadline = DateTime.UtcNow + timeout;
        var screen = "";
        while (DateTime.UtcNow < deadline)
        {
            screen = await CaptureAsync();
            if (texts.All(t => screen.Contains(t, StringComparison.Ordinal)))
                return screen;
            await Task.Delay(200, TestContext.Current.CancellationToken);
        }
        throw new TimeoutException($"The screen never showed {string.Join(", ", texts)}:\n{screen}");
    }

    /// <summary>
    /// Waits until the program has turned the terminal's echo off, that is until it is reading hidden input.
    /// Keys sent between a prompt appearing and that moment would be echoed by the terminal, not the program.
    /// </summary>
    public async Task WaitForEchoOffAsync(TimeSpan timeout)
    {
        var tty = (await RunAsync(["display-message", "-p", "-t", Session, "#{pane_tty}"])).Output.Trim();
        var deadline = DateTime.UtcNow + timeout;
        var settings = "";
        while (DateTime.UtcNow < deadline)
        {
            settings = await SttyAsync(tty);
            if (settings.Split([' ', '\n', ';'], StringSplitOptions.RemoveEmptyEntries).Contains("-echo"))
                return;
            await Task.Delay(50, TestContext.Current.CancellationToken);
        }
        throw new TimeoutException($"The terminal {tty} never turned echo off:\n{settings}");
    }

    private static async Task<string> SttyAsync(string tty)
    {
        var startInfo = new ProcessStartInfo("stty") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        startInfo.ArgumentList.Add("-a");
        startInfo.ArgumentList.Add("-F");
        startInfo.ArgumentList.Add(tty);
        using var process = Process.Start(startInfo)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        return output;
    }

    public Task SendKeysAsync(string keys) => RunAsync(["send-keys", "-t", Session, keys]);

    /// <summary>The program's exit code once it has ended, or null if it is still running after the timeout.</summary>
    public async Task<int?> ExitCodeAsync(TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            var match = System.Text.RegularExpressions.Regex.Match(await CaptureAsync(), @"\[exited (\d+)\]");
            if (match.Success)
                return int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
            await Task.Delay(100, TestContext.Current.CancellationToken);
        }
        return null;
    }

    public void Dispose() => RunAsync(["kill-server"]).GetAwaiter().GetResult();

    private async Task<(int ExitCode, string Output)> RunAsync(IReadOnlyList<string> arguments)
    {
        var startInfo = new ProcessStartInfo("tmux") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        startInfo.ArgumentList.Add("-L");
        startInfo.ArgumentList.Add(_socket);
        foreach (var argument in arguments)
            startInfo.ArgumentList.Add(argument);
        startInfo.Environment.Remove("TMUX");
        using var process = Process.Start(startInfo)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, output + error);
    }
}
