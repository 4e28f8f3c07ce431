using System.Net;
using Sandcastle.Server.Configuration;
using Sandcastle.Server.Tests.Infrastructure;

namespace Sandcastle.Server.Tests.Configuration;

/// <summary>The server finds ANTHROPIC_API_KEY in a .env file or the secrets file, and sends it to the model API.</summary>
public sealed class ServerKeyResolutionTests : IDisposable
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("sandcastle-keys-");

    private string SecretsFile => Path.Combine(_directory.FullName, "secrets", "secrets.json");

    [Fact]
    public async Task KeyInDotEnv_IsUsed()
    {
        await File.WriteAllTextAsync(Path.Combine(_directory.FullName, ".env"), "# local\nANTHROPIC_API_KEY=\"sk-ant-from-dotenv\"\n", TestContext.Current.CancellationToken);
        Assert.Equal("sk-ant-from-dotenv", await KeySentToModelAsync());
    }

    [Fact]
    public async Task KeyInSecretsFile_IsUsed_AndDotEnvWinsOverIt()
    {
        new SecretStore(SecretsFile).Set("ANTHROPIC_API_KEY", "sk-ant-from-secrets");
        Assert.Equal("sk-ant-from-secrets", await KeySentToModelAsync());

        await File.WriteAllTextAsync(Path.Combine(_directory.FullName, ".env"), "ANTHROPIC_API_KEY=sk-ant-dotenv-wins\n", TestContext.Current.CancellationToken);
        Assert.Equal("sk-ant-dotenv-wins", await KeySentToModelAsync());
    }

    private async Task<string> KeySentToModelAsync()
    {
        await using var harness = await ExecuteHarness.StartAsync(
            withKey: false,
            configure: builder => builder.Configuration.AddSandcastleConfiguration(_directory.FullName, SecretsFile));
        harness.Model.EnqueueText("print('ok')");
        var (response, _) = await harness.PostAsync(new { question = "Hi" });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var headers = Assert.Single(harness.Model.Requests).Headers;
        var sent = headers.GetValueOrDefault("x-api-key") ?? headers.GetValueOrDefault("authorization", "").Replace("Bearer ", "", StringComparison.Ordinal);
        return sent;
    }

    public void Dispose() => _directory.Delete(recursive: true);
}
