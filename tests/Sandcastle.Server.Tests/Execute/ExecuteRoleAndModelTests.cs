using System.Net;
using Sandcastle.Server.Tests.Infrastructure;

namespace Sandcastle.Server.Tests.Execute;

public sealed class ExecuteRoleAndModelTests
{
    [Fact]
    public async Task RoleAndModel_ReachTheModelAsTheSystemPromptsRoleAndTheModelId()
    {
        await using var harness = await ExecuteHarness.StartAsync();
        harness.Model.EnqueueText("```python\nprint(6 * 7)\n```");

        var (response, body) = await harness.PostAsync(new
        {
            question = "six times seven",
            role = "YOU ARE A TERSE ARITHMETICIAN.",
            model = "claude-haiku-4-5",
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("42\n", body.GetProperty("output").GetString());
        Assert.Equal("claude-haiku-4-5", body.GetProperty("model").GetString());
        var sent = Assert.Single(harness.Model.Requests);
        Assert.Equal("claude-haiku-4-5", sent.Model);
        Assert.Contains("# Role", sent.System);
        Assert.Contains("YOU ARE A TERSE ARITHMETICIAN.", sent.System);
        // The role stays out of the question.
        Assert.DoesNotContain("TERSE", sent.LastUserText);
    }
}
