using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Sandcastle.Sandbox;
using Sandcastle.Server.Tests.Infrastructure;
using Sandcastle.Testing;

namespace Sandcastle.Server.Tests.Execute;

public sealed class ExecuteJsonTests
{
    [Fact]
    public async Task FencedPython_AnswersWithTheSeedFieldsAndSandcastleExtras()
    {
        await using var harness = await ExecuteHarness.StartAsync();
        harness.Model.EnqueueText("Here is the program:\n```python\nprint(2**10)\n```\nIt prints 1024.");

        var (response, body) = await harness.PostAsync(new { question = "What is 2^10?" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(body.GetProperty("success").GetBoolean());
        Assert.Equal("What is 2^10?", body.GetProperty("question").GetString());
        Assert.Equal("print(2**10)", body.GetProperty("code").GetString()!.Trim());
        Assert.Equal("1024\n", body.GetProperty("output").GetString());
        // The seed declares error as a string: "" when there is none, never null.
        Assert.Equal("", body.GetProperty("error").GetString());
        var sandboxId = body.GetProperty("sandboxId").GetString()!;
        Assert.True(SandboxIds.IsValid(sandboxId));
        Assert.True(body.GetProperty("executionTime").GetInt64() >= 0);
        Assert.Equal("python", body.GetProperty("language").GetString());
        Assert.Equal(0, body.GetProperty("exitCode").GetInt32());
        Assert.Equal("exited", body.GetProperty("reason").GetString());
        Assert.True(body.GetProperty("generationMs").GetInt64() >= 0);
        // A forked run of a one-liner can take under a millisecond.
        Assert.InRange(body.GetProperty("executionMs").GetInt64(), 0, body.GetProperty("executionTime").GetInt64());
        Assert.Equal("claude-sonnet-5-5", body.GetProperty("model").GetString());
        Assert.Equal(10, body.GetProperty("usage").GetProperty("inputTokens").GetInt64());
        Assert.Equal(20, body.GetProperty("usage").GetProperty("outputTokens").GetInt64());
        var attempt = Assert.Single(body.GetProperty("attempts").EnumerateArray());
        Assert.True(attempt.GetProperty("success").GetBoolean());
        Assert.Equal(1, attempt.GetProperty("attempt").GetInt32());

        // The fresh sandbox is gone after the request, and the model got the question with the configured key.
        Assert.DoesNotContain(harness.Server.Services.GetRequiredService<SandboxEngine>().List(), s => s.Id == sandboxId);
        var sent = Assert.Single(harness.Model.Requests);
        Assert.Contains("What is 2^10?", sent.LastUserText);
        Assert.Equal(2048, sent.MaxTokens);
        Assert.Contains(ExecuteHarness.ApiKey, sent.Headers.GetValueOrDefault("authorization", "") + sent.Headers.GetValueOrDefault("x-api-key", ""));
    }

    [Fact]
    public async Task BareJavaScript_Runs()
    {
        await using var harness = await ExecuteHarness.StartAsync();
        harness.Model.EnqueueText("console.log([1, 2, 3].map(x => x * 2).join(','));");

        var (response, body) = await harness.PostAsync(new { question = "Double 1, 2, 3", language = "javascript", maxTokens = 500 });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("2,4,6\n", body.GetProperty("output").GetString());
        Assert.Equal("javascript", body.GetProperty("language").GetString());
        Assert.Equal(500, Assert.Single(harness.Model.Requests).MaxTokens);
    }

    [Fact]
    public async Task FencedTypeScript_Runs()
    {
        await using var harness = await ExecuteHarness.StartAsync();
        harness.Model.EnqueueText("```ts\nconst greet = (name: string): string => `hello ${name}`;\nconsole.log(greet('ts'));\n```");

        var (_, body) = await harness.PostAsync(new { question = "Greet ts", language = "typescript" });

        Assert.True(body.GetProperty("success").GetBoolean(), body.ToString());
        Assert.Equal("hello ts\n", body.GetProperty("output").GetString());
        Assert.Equal("typescript", body.GetProperty("language").GetString());
    }

    [Fact]
    public async Task FailingFirstProgram_IsFixedOnTheSecondAttempt()
    {
        await using var harness = await ExecuteHarness.StartAsync();
        harness.Model.EnqueueText("```python\nprint(1 / 0)\n```");
        harness.Model.EnqueueText("```python\nprint('fixed')\n```");

        var (_, body) = await harness.PostAsync(new { question = "Divide" });

        Assert.True(body.GetProperty("success").GetBoolean(), body.ToString());
        Assert.Equal("fixed\n", body.GetProperty("output").GetString());
        var attempts = body.GetProperty("attempts").EnumerateArray().ToList();
        Assert.Equal(2, attempts.Count);
        Assert.False(attempts[0].GetProperty("success").GetBoolean());
        Assert.Contains("ZeroDivisionError", attempts[0].GetProperty("error").GetString());
        Assert.Equal(1, attempts[0].GetProperty("exitCode").GetInt32());
        Assert.True(attempts[1].GetProperty("success").GetBoolean());
        Assert.Contains("ZeroDivisionError", harness.Model.Requests[1].LastUserText);
        Assert.Equal(20, body.GetProperty("usage").GetProperty("inputTokens").GetInt64());
    }

    [Fact]
    public async Task ReplyWithoutCode_IsAnErrorCarryingTheModelsText()
    {
        await using var harness = await ExecuteHarness.StartAsync();
        harness.Model.EnqueueText("I am sorry, I cannot write that program.");

        var (response, body) = await harness.PostAsync(new { question = "Something odd", maxAttempts = 1 });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(body.GetProperty("success").GetBoolean());
        Assert.Equal("no_code", body.GetProperty("reason").GetString());
        Assert.Contains("cannot write that program", body.GetProperty("error").GetString());
        Assert.Equal("", body.GetProperty("code").GetString());
    }

    [Fact]
    public async Task PersistentSandbox_KeepsFilesBetweenQuestions()
    {
        await using var harness = await ExecuteHarness.StartAsync();
        harness.Model.EnqueueText("```python\nopen('notes.txt', 'w').write('remembered')\nprint('saved')\n```");
        harness.Model.EnqueueText("```python\nprint(open('notes.txt').read())\n```");

        var (_, first) = await harness.PostAsync(new { question = "Save a note", sandboxId = "notes-box" });
        var (_, second) = await harness.PostAsync(new { question = "Read the note", sandboxId = "notes-box" });

        Assert.Equal("notes-box", first.GetProperty("sandboxId").GetString());
        Assert.Equal("remembered\n", second.GetProperty("output").GetString());
        Assert.Equal("notes-box", second.GetProperty("sandboxId").GetString());
    }

    [Fact]
    public async Task RejectedKey_Is502SayingSo_WithoutTheKey()
    {
        await using var harness = await ExecuteHarness.StartAsync();
        harness.Model.EnqueueError(401, message: "invalid x-api-key");

        var (response, body) = await harness.PostAsync(new { question = "Hi" });

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.Equal("Anthropic API key rejected", body.GetProperty("error").GetString());
        Assert.Contains("rejected the API key", body.GetProperty("message").GetString());
        Assert.DoesNotContain(ExecuteHarness.ApiKey, body.ToString());
    }

    [Fact]
    public async Task RateLimitedOnce_IsRetried_ThenSucceeds()
    {
        await using var harness = await ExecuteHarness.StartAsync();
        harness.Model.EnqueueError(429);
        harness.Model.EnqueueText("```python\nprint('after retry')\n```");

        var (response, body) = await harness.PostAsync(new { question = "Hi" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("after retry\n", body.GetProperty("output").GetString());
        Assert.Equal(2, harness.Model.Requests.Count);
    }

    [Fact]
    public async Task OverloadedEveryTime_Is503AfterBoundedRetries()
    {
        await using var harness = await ExecuteHarness.StartAsync(new Dictionary<string, string?> { ["Generation:MaxRetries"] = "2" });
        harness.Model.DefaultReply = FakeReply.Error(529);

        var (response, body) = await harness.PostAsync(new { question = "Hi" });

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("Model API overloaded", body.GetProperty("error").GetString());
        Assert.Contains("try again later", body.GetProperty("message").GetString());
        Assert.Equal(3, harness.Model.Requests.Count);
    }

    [Fact]
    public async Task NoKeyConfigured_Is500TellingHowToSetIt()
    {
        await using var harness = await ExecuteHarness.StartAsync(
            new Dictionary<string, string?> { ["ANTHROPIC_API_KEY"] = "" }, withKey: false);

        var (response, body) = await harness.PostAsync(new { question = "Hi" });

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Contains("not configured", body.GetProperty("error").GetString());
        Assert.Contains("sandcastle secret set ANTHROPIC_API_KEY", body.GetProperty("message").GetString());
        Assert.Empty(harness.Model.Requests);
    }
}
