using Sandcastle.Cli.Monitor;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Sandcastle.Cli.Tests.Monitor;

public sealed class DashboardViewTests
{
    [Fact]
    public void Running_agent_runs_are_listed_with_their_turns_and_tokens()
    {
        var snapshot = new DashboardSnapshot("http://127.0.0.1:8787/", "healthy", "1.0", [], [], [], DateTimeOffset.Now)
        {
            Agents =
            [
                new Dictionary<string, string>
                {
                    ["runId"] = "r1", ["sandbox"] = "my-project", ["turns"] = "3", ["maxTurns"] = "50",
                    ["inputTokens"] = "1200", ["outputTokens"] = "340", ["startedAt"] = DateTimeOffset.Now.ToString("O"),
                },
            ],
        };

        var output = Show(DashboardView.Render(snapshot, selected: null, interactive: false, width: 80));

        Assert.Contains("Agent runs (1)", output);
        Assert.Contains("my-project", output);
        Assert.Contains("3/50", output);
        Assert.Contains("1200/340", output);
    }

    [Fact]
    public void A_cluster_s_nodes_are_listed_with_their_load()
    {
        var snapshot = new DashboardSnapshot("http://127.0.0.1:8787/", "healthy", "1.0", [], [], [], DateTimeOffset.Now)
        {
            Nodes =
            [
                new Dictionary<string, string> { ["name"] = "node-a", ["sandboxes"] = "12", ["cpu"] = "0.5", ["memory"] = "0.25", ["draining"] = "false", ["httpAddress"] = "http://10.0.0.1:8787" },
                new Dictionary<string, string> { ["name"] = "node-b", ["sandboxes"] = "3", ["cpu"] = "1.2", ["memory"] = "0.5", ["draining"] = "true", ["httpAddress"] = "http://10.0.0.2:8787" },
            ],
        };

        var output = Show(DashboardView.Render(snapshot, selected: null, interactive: false, width: 80));

        Assert.Contains("Cluster nodes (2)", output);
        Assert.Contains("node-a", output);
        Assert.Contains("12", output);
        Assert.Contains("25", output);
        Assert.Contains("draining", output);
    }

    [Fact]
    public void No_agent_table_without_agent_runs()
    {
        var snapshot = new DashboardSnapshot("local engine", "healthy", null, [], [], [], DateTimeOffset.Now);
        Assert.DoesNotContain("Agent runs", Show(DashboardView.Render(snapshot, selected: null, interactive: false, width: 80)));
    }

    /// <summary>What an 80-column terminal without colours shows.</summary>
    private static string Show(IRenderable view)
    {
        var writer = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Out = new AnsiConsoleOutput(writer),
            Interactive = InteractionSupport.No,
        });
        console.Profile.Width = 80;
        console.Write(view);
        return writer.ToString();
    }
}
