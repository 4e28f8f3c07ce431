using Sandcastle.Cli.Tests.Infrastructure;

namespace Sandcastle.Cli.Tests.Components;

public sealed class ComponentResolutionTests : IDisposable
{
    private readonly CliHome _home = new();

    private static string Agent(string name, string description, string prompt) =>
        $"---\nname: {name}\ndescription: {description}\ntools: Read\n---\n{prompt}\n";

    private void Write(string root, string relative, string text)
    {
        var path = Path.Combine(root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
    }

    [Fact]
    public async Task Agent_ResolvesFromAPath()
    {
        Write(_home.WorkingDirectory, "agents-here/reviewer.md", ComponentSamples.ReviewerWithInlineExamples);

        var result = await _home.RunAsync("components", "show", "agent", "./agents-here/reviewer.md");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("code-reviewer", result.Stdout);
        Assert.Contains("You review code for bugs", result.Stdout);
        Assert.Contains("file:", result.Stdout);
    }

    [Fact]
    public async Task ProjectBeatsUser_WhichBeatsTheCatalog()
    {
        Write(_home.HomeDirectory, ".claude/agents/data-scientist.md", Agent("data-scientist", "user copy", "USER PROMPT"));
        var fromUser = await _home.RunAsync("components", "show", "agent", "data-scientist");
        Write(_home.WorkingDirectory, ".claude/agents/data-scientist.md", Agent("data-scientist", "project copy", "PROJECT PROMPT"));
        var fromProject = await _home.RunAsync("components", "show", "agent", "data-scientist");
        var fromCatalog = await _home.RunAsync("components", "show", "agent", "data-science/data-scientist");

        Assert.Contains("USER PROMPT", fromUser.Stdout);
        Assert.Contains("user:", fromUser.Stdout);
        Assert.Contains("PROJECT PROMPT", fromProject.Stdout);
        Assert.Contains("project:", fromProject.Stdout);
        Assert.Contains("careful data scientist", fromCatalog.Stdout);
        Assert.Contains("catalog:", fromCatalog.Stdout);
    }

    [Fact]
    public async Task BundledCatalog_IsUsedOffline_ForAgentsAndCommands()
    {
        var list = await _home.RunAsync("components", "list");
        var command = await _home.RunAsync("components", "show", "command", "make-chart");

        Assert.Equal(0, list.ExitCode);
        foreach (var name in new[] { "data-science/data-scientist", "development/python-expert", "development/frontend-developer", "analysis/explain-output", "visualization/make-chart", "setup/setup-react" })
            Assert.Contains(name, list.Stdout);
        Assert.Contains("$ARGUMENTS", command.Stdout);
    }

    [Fact]
    public async Task UnknownName_FailsWithTheClosestMatches()
    {
        var result = await _home.RunAsync("components", "show", "agent", "data-scientst");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("unknown agent 'data-scientst'", result.Stderr);
        Assert.Contains("Closest: data-science/data-scientist", result.Stderr);
    }

    [Fact]
    public async Task MalformedFile_IsRejected_NamingIt()
    {
        Write(_home.WorkingDirectory, ".claude/agents/broken.md", "---\nname: broken\ndescription: x\ntools: [Read\n---\nbody\n");

        var result = await _home.RunAsync("components", "show", "agent", "broken");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(Path.Combine(_home.WorkingDirectory, ".claude", "agents", "broken.md"), result.Stderr);
        Assert.Contains("not valid YAML", result.Stderr);
    }

    [Fact]
    public async Task HttpCatalog_ResolvesByCategoryAndByBareName_AndCachesWhatItFetched()
    {
        var catalogRoot = Path.Combine(_home.Root, "served");
        Write(catalogRoot, "agents/review/code-reviewer.md", ComponentSamples.ReviewerWithInlineExamples);
        Write(catalogRoot, "commands/docs/explain.md", ComponentSamples.CommandWithFrontMatter);
        Write(catalogRoot, "index.json", """["agents/review/code-reviewer.md", "commands/docs/explain.md"]""");
        string url;
        await using (var server = await StaticFileServer.StartAsync(catalogRoot, TestContext.Current.CancellationToken))
        {
            url = server.BaseUrl + "/catalog";
            _home.Environment["SANDCASTLE_CATALOG"] = url;

            var byCategory = await _home.RunAsync("components", "show", "agent", "review/code-reviewer");
            var byName = await _home.RunAsync("components", "show", "command", "explain");
            var suggestion = await _home.RunAsync("components", "show", "agent", "code-reviewr");

            Assert.True(byCategory.ExitCode == 0, byCategory.ToString());
            Assert.Contains("You review code for bugs", byCategory.Stdout);
            Assert.Contains($"{url}/agents/review/code-reviewer.md", byCategory.Stdout);
            Assert.True(byName.ExitCode == 0, byName.ToString());
            Assert.Contains("Answer this and explain how", byName.Stdout);
            Assert.Contains("Closest: review/code-reviewer", suggestion.Stderr);
            Assert.True(server.Requests >= 3);
        }

        var cached = await _home.RunAsync("components", "show", "agent", "review/code-reviewer");
        Assert.True(cached.ExitCode == 0, cached.ToString());
        Assert.Contains("You review code for bugs", cached.Stdout);
        Assert.True(Directory.EnumerateFiles(Path.Combine(_home.HomeDirectory, ".cache", "sandcastle", "catalogs"), "code-reviewer.md", SearchOption.AllDirectories).Any());
    }

    [Fact]
    public async Task Add_InstallsIntoTheProjectsClaudeFolder()
    {
        var added = await _home.RunAsync("components", "add", "agent", "python-expert");
        var again = await _home.RunAsync("components", "add", "agent", "python-expert");
        var command = await _home.RunAsync("components", "add", "command", "setup/setup-react");

        Assert.True(added.ExitCode == 0, added.ToString());
        Assert.Contains("expert Python engineer", File.ReadAllText(Path.Combine(_home.WorkingDirectory, ".claude", "agents", "python-expert.md")));
        Assert.Equal(1, again.ExitCode);
        Assert.Contains("--force", again.Stderr);
        Assert.Equal(0, command.ExitCode);
        Assert.True(File.Exists(Path.Combine(_home.WorkingDirectory, ".claude", "commands", "setup-react.md")));
    }

    public void Dispose() => _home.Dispose();
}
