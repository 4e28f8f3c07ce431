using Sandcastle.Cli.Tests.Infrastructure;
using Sandcastle.Testing;

namespace Sandcastle.Cli.Tests.FirstHour;

/// <summary>
/// Every command with inputs a newcomer gets wrong: each ends with a clear one-line message and a documented exit code,
/// never "unexpected error" or a stack trace, and never after a model call.
/// </summary>
public sealed class BadInputTests : IAsyncLifetime
{
    private readonly CliHome _home = new();
    private FakeAnthropicServer _claude = null!;

    public async ValueTask InitializeAsync()
    {
        _claude = await FakeAnthropicServer.StartAsync(TestContext.Current.CancellationToken);
        _home.Environment["ANTHROPIC_API_KEY"] = "sk-ant-test";
        _home.Environment["ANTHROPIC_BASE_URL"] = _claude.BaseUrl;
        File.WriteAllText(Path.Combine(_home.WorkingDirectory, "a-file"), "not a directory");
        File.WriteAllText(Path.Combine(_home.WorkingDirectory, "notes.txt"), "no language");
    }

    public static TheoryData<string[], int> Cases => new()
    {
        { ["rnu"], 2 },
        { ["run", "--promt", "x"], 2 },
        { ["run", "-p", ""], 2 },
        { ["run", "-p", "   "], 2 },
        { ["run"], 2 },
        { ["run", "-p", "x", "-o", "a-file"], 2 },
        { ["run", "-p", "x", "-o", "a-file/sub"], 2 },
        { ["run", "-p", "x", "-o", "/proc/no/such/dir"], 2 },
        { ["run", "-p", "x", "--model", ""], 2 },
        { ["run", "-p", "x", "--model", "two words"], 2 },
        { ["run", "-p", "x", "--timeout", "0"], 2 },
        { ["run", "-p", "x", "--timeout", "soon"], 2 },
        { ["run", "-p", "x", "--timeout", "2h"], 2 },
        { ["run", "-p", "x", "--max-attempts", "0"], 2 },
        { ["run", "-p", "x", "--max-attempts", "99"], 2 },
        { ["run", "-p", "x", "--language", "cobol"], 2 },
        { ["run", "-p", "x", "--sandbox", "Bad_Id"], 2 },
        { ["run", "-p", "x", "--file", "missing.csv"], 2 },
        { ["run", "-p", "x", "--file", "."], 2 },
        { ["run", "-p", "x", "--agent", "no-such-agent"], 2 },
        { ["run", "-p", "x", "--server", "not a url"], 2 },
        { ["run", "-p", "x", "--server", "http://127.0.0.1:9", "--anthropic-api-key", "k"], 2 },
        { ["run", "-p", "x", "--server", "http://127.0.0.1:9"], 5 },
        { ["exec"], 2 },
        { ["exec", "-l", "python", "-c", ""], 2 },
        { ["exec", "missing.py"], 2 },
        { ["exec", "notes.txt"], 2 },
        { ["exec", "."], 2 },
        { ["exec", "-l", "python", "-c", "print(1)", "--memory", "0"], 2 },
        { ["exec", "-l", "python", "-c", "print(1)", "--timeout", "-1"], 2 },
        { ["exec", "-l", "python", "-c", "print(1)", "--env", "=x"], 2 },
        { ["exec", "-l", "python", "-c", "print(1)", "--input", "missing.csv"], 2 },
        { ["exec", "-l", "python", "-c", "print(1)", "-c", "print(2)", "-f", "x.py"], 2 },
        { ["serve", "--urls", "garbage"], 2 },
        { ["serve", "--urls", "http://127.0.0.1"], 2 },
        { ["monitor", "--server", "http://127.0.0.1:9", "--once"], 5 },
        { ["monitor", "--interval", "never"], 2 },
        { ["sandbox", "rm", "BAD"], 2 },
        { ["sandbox", "rm", "nobody-here"], 1 },
        { ["sandbox", "files", "nobody-here"], 1 },
        { ["sandbox", "cp", "a", "b"], 2 },
        { ["sandbox", "cp", "missing.csv", "demo:x"], 2 },
        { ["sandbox", "cp", "nobody-here:x", "out"], 1 },
        { ["sandbox", "lst"], 2 },
        { ["secret", "rm", "NOPE"], 1 },
        { ["secret", "set"], 2 },
        { ["components", "show", "agent", "no-such-agent"], 2 },
        { ["components", "shw"], 2 },
        { ["completion", "tcsh"], 2 },
        { ["help", "no-such-command"], 2 },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task BadInput_GetsAClearMessage_AndItsExitCode_WithoutAModelCall(string[] arguments, int exitCode)
    {
        var result = await _home.RunAsync(arguments);

        Assert.True(result.ExitCode == exitCode, result.ToString());
        Assert.DoesNotContain("unexpected error", result.Stderr + result.Stdout);
        Assert.DoesNotContain("   at ", result.Stderr + result.Stdout);
        Assert.DoesNotContain("Exception", result.Stderr + result.Stdout);
        Assert.StartsWith("sandcastle: ", result.Stderr);
        Assert.Empty(_claude.Requests);
    }

    [Fact]
    public async Task MistypedCommandsAndOptions_AreAnsweredWithTheClosestName()
    {
        var command = await _home.RunAsync("rnu", "-p", "x");
        var option = await _home.RunAsync("run", "--promt", "x");

        Assert.Contains("Did you mean 'run'?", command.Stderr);
        Assert.Contains("Did you mean '--prompt'?", option.Stderr);
    }

    public async ValueTask DisposeAsync()
    {
        await _claude.DisposeAsync();
        _home.Dispose();
    }
}
