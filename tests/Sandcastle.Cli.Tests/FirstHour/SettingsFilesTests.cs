using System.Text.Json;
using Sandcastle.Cli.Tests.Infrastructure;

namespace Sandcastle.Cli.Tests.FirstHour;

/// <summary>Broken settings files and catalogs are named, and do not break what does not need them.</summary>
public sealed class SettingsFilesTests : IDisposable
{
    private readonly CliHome _home = new();

    [Fact]
    public async Task CorruptSecretsFile_DoesNotBreakExec_AndIsNamedWhenTheKeyIsMissing()
    {
        var secrets = Directory.CreateDirectory(Path.Combine(_home.HomeDirectory, ".config", "sandcastle")).FullName;
        File.WriteAllText(Path.Combine(secrets, "secrets.json"), "{\n  \"ANTHROPIC_API_KEY\": \"sk-ant-\n");

        var exec = await _home.RunAsync("exec", "-l", "python", "-c", "print(6 * 7)");
        var run = await _home.RunAsync("run", "-p", "anything");

        Assert.True(exec.ExitCode == 0, exec.ToString());
        Assert.Equal("42\n", exec.Stdout);
        Assert.Equal(3, run.ExitCode);
        Assert.Contains(Path.Combine(secrets, "secrets.json"), run.Stderr);
        Assert.Contains("line", run.Stderr);
        Assert.DoesNotContain("unexpected error", run.Stderr);
    }

    [Fact]
    public async Task MalformedDotEnvLine_IsNamedWithItsLine()
    {
        File.WriteAllText(Path.Combine(_home.WorkingDirectory, ".env"), "# keys\nANTHROPIC_API_KEY sk-ant-forgot-the-equals\n");

        var run = await _home.RunAsync("run", "-p", "anything");

        Assert.Equal(3, run.ExitCode);
        Assert.Contains(".env line 2", run.Stderr);
        Assert.DoesNotContain("sk-ant-forgot", run.Stderr);
    }

    [Fact]
    public async Task MissingCatalog_SaysSo_InsteadOfAnEmptyList()
    {
        var missing = Path.Combine(_home.Root, "no-catalog-here");

        var result = await _home.RunAsync("components", "list", "--catalog", missing);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains($"{missing} does not exist", result.Stderr);
    }

    [Fact]
    public async Task ComponentsList_Json_ListsTheBundledCatalog()
    {
        var result = await _home.RunAsync("components", "list", "agents", "--json");

        Assert.True(result.ExitCode == 0, result.ToString());
        using var json = JsonDocument.Parse(result.Stdout);
        Assert.Contains(json.RootElement.EnumerateArray(), e => e.GetProperty("name").GetString()!.EndsWith("data-scientist", StringComparison.Ordinal)
            && e.GetProperty("source").GetString() == "catalog");
    }

    public void Dispose() => _home.Dispose();
}
