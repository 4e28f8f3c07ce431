using System.Diagnostics;
using System.Text;

namespace Sandcastle.Cli.Tests.Infrastructure;

/// <summary>
/// A throw-away world for the CLI: its own data root, HOME (secrets, ~/.claude, cache) and working directory.
/// Runs the real program as a child process with NO_COLOR=1 and a closed or given stdin.
/// </summary>
public sealed class CliHome : IDisposable
{
    public CliHome()
    {
        Root = Directory.CreateTempSubdirectory("sandcastle-cli-tests-").FullName;
        // The sandbox uid must be able to pass through to the data root (the engine makes that 0711 itself).
        File.SetUnixFileMode(Root, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
            | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute);
        DataDirectory = Directory.CreateDirectory(Path.Combine(Root, "data")).FullName;
        HomeDirectory = Directory.CreateDirectory(Path.Combine(Root, "home")).FullName;
        WorkingDirectory = Directory.CreateDirectory(Path.Combine(Root, "project")).FullName;
    }

    public string Root { get; }

    public string DataDirectory { get; }

    public string HomeDirectory { get; }

    public string WorkingDirectory { get; }

    /// <summary>Extra environment variables for every run (null removes one).</summary>
    public Dictionary<string, string?> Environment { get; } = [];

    public Task<CliResult> RunAsync(params string[] arguments) => RunAsync(arguments, stdin: null);

    public async Task<CliResult> RunAsync(IReadOnlyList<string> arguments, string? stdin, TimeSpan? timeout = null)
    {
        using var process = Start(arguments);
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (stdin is not null)
            await process.StandardInput.WriteAsync(stdin);
        process.StandardInput.Close();
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        deadline.CancelAfter(timeout ?? TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"sandcastle {string.Join(' ', arguments)} did not finish in time.");
        }
        return new CliResult(process.ExitCode, await stdout, await stderr);
    }

    /// <summary>The environment a run gets, for starting the program some other way (e.g. in tmux).</summary>
    public IReadOnlyDictionary<string, string?> EffectiveEnvironment() => CreateStartInfo([]).Environment.ToDictionary();

    /// <summary>Starts the program with redirected streams; the caller waits for it or kills it.</summary>
    public Process Start(IReadOnlyList<string> arguments) => Process.Start(CreateStartInfo(arguments))!;

    private ProcessStartInfo CreateStartInfo(IReadOnlyList<string> arguments)
    {
        var startInfo = new ProcessStartInfo("dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = WorkingDirectory,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        startInfo.ArgumentList.Add(CliProgram.DllPath);
        foreach (var argument in arguments)
            startInfo.ArgumentList.Add(argument);
        foreach (var name in startInfo.Environment.Keys.Where(k => k.StartsWith("ANTHROPIC_", StringComparison.Ordinal)
            || k.StartsWith("SANDCASTLE_", StringComparison.Ordinal) || k.StartsWith("XDG_", StringComparison.Ordinal)).ToList())
            startInfo.Environment.Remove(name);
        startInfo.Environment["SANDCASTLE_DATA_DIR"] = DataDirectory;
        startInfo.Environment["HOME"] = HomeDirectory;
        startInfo.Environment["NO_COLOR"] = "1";
        startInfo.Environment["DOTNET_NOLOGO"] = "1";
        foreach (var (name, value) in Environment)
        {
            if (value is null)
                startInfo.Environment.Remove(name);
            else
                startInfo.Environment[name] = value;
        }
        return startInfo;
    }

    public void Dispose()
    {
        Sandcastle.Testing.LeftoverMounts.DetachUnder(Root);
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // A sandbox the test left behind may still be going away; the temp directory is cleaned later.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
