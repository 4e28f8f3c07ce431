using Sandcastle.Testing;

namespace Sandcastle.Generation.Tests;

/// <summary>Options pointing at a fake server, with retries short enough for tests.</summary>
internal static class TestOptions
{
    public const string ApiKey = "sk-ant-test-DO-NOT-LEAK-0123456789";

    public static GenerationOptions For(FakeAnthropicServer server) => new()
    {
        ApiKey = ApiKey,
        BaseUrl = server.BaseUrl,
        Model = "claude-test-model",
        MaxRetries = 2,
        RetryBaseDelay = TimeSpan.FromMilliseconds(10),
        RetryMaxDelay = TimeSpan.FromMilliseconds(40),
        RequestTimeout = TimeSpan.FromSeconds(30),
    };
}
