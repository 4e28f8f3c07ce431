using Sandcastle.Cli.Tests.Infrastructure;

namespace Sandcastle.Cli.Tests.FirstHour;

/// <summary>The live monitor in an 80x24 terminal: the columns that matter, human units, no raw field names.</summary>
public sealed class MonitorSizeTests : IAsyncLifetime
{
    private readonly CliHome _home = new();
    private InProcessServer _server = null!;

    public async ValueTask InitializeAsync() => _server = await InProcessServer.StartAsync(new Dictionary<string, string?>());

    [Fact]
    public async Task At80x24_ShowsTheSandboxWithHumanUnits()
    {
        File.WriteAllText(Path.Combine(_home.WorkingDirectory, "x.txt"), "x");
        var made = await _home.RunAsync("sandbox", "cp", "x.txt", "watched-one:x.txt", "--server", _server.Url);
        Assert.True(made.ExitCode == 0, made.ToString());
        using var tmux = new Tmux();
        await tmux.StartAsync(_home.WorkingDirectory, _home.EffectiveEnvironment(),
            ["dotnet", CliProgram.DllPath, "monitor", "--server", _server.Url, "--interval", "0.5"], columns: 80, rows: 24);

        var screen = await tmux.WaitForAsync(TimeSpan.FromSeconds(30), "watched-one", "q quit");
        await tmux.SendKeysAsync("q");

        Assert.Contains("last used", screen);
        Assert.Contains(" ago", screen);
        Assert.Contains("state", screen);
        Assert.DoesNotContain("lastUsedAt", screen);
        Assert.DoesNotContain("createdAt", screen);
        // A squeezed table wraps its cells; a fitted one keeps each sandbox on one line.
        Assert.Single(screen.Split('\n'), line => line.Contains("watched-one", StringComparison.Ordinal));
    }

    public async ValueTask DisposeAsync()
    {
        await _server.DisposeAsync();
        _home.Dispose();
    }
}
