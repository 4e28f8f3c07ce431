using Microsoft.Playwright;
using Sandcastle.Testing;

namespace Sandcastle.Web.Tests.Infrastructure;

/// <summary>
/// Shared by every test of the assembly (they run one at a time: they share the fake model's reply queue): the fake
/// Anthropic API, one key-less <c>sandcastle serve</c>, and Debian's chromium driven by Playwright. No browser is
/// downloaded: Playwright's driver ships in its NuGet package and is pointed at /usr/bin/chromium.
/// </summary>
public sealed class PlaygroundFixture : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";

    private IPlaywright? _playwright;

    public FakeAnthropicServer Model { get; private set; } = null!;

    public ServeProcess Server { get; private set; } = null!;

    public IBrowser Browser { get; private set; } = null!;

    /// <summary>Where screenshots of the main views go (artifacts/ is ignored by git; docs/images has chosen copies).</summary>
    public static string ScreenshotDirectory { get; } = Path.Combine(ServeProcess.RepositoryRoot(), "artifacts", "screenshots");

    public async ValueTask InitializeAsync()
    {
        if (!File.Exists(ChromiumPath))
            throw new InvalidOperationException($"{ChromiumPath} is missing: run scripts/setup (it installs Debian's chromium).");
        Model = await FakeAnthropicServer.StartAsync();
        Server = await ServeProcess.StartAsync(Model.BaseUrl);
        _playwright = await Playwright.CreateAsync();
        // --no-sandbox: the tests run as root, where chromium's own sandbox refuses to start.
        Browser = await _playwright.Chromium.LaunchAsync(new() { ExecutablePath = ChromiumPath, Args = ["--no-sandbox"], Headless = true });
        Directory.CreateDirectory(ScreenshotDirectory);
        // Generous: every suite shares two cores in CI, and a run starts a sandbox. A real failure still fails.
        Microsoft.Playwright.Assertions.SetDefaultExpectTimeout(45_000);
    }

    /// <summary>A fresh browser context (own session storage) with a page on <paramref name="server"/>'s playground.</summary>
    public async Task<PlaygroundPage> OpenAsync(ServeProcess? server = null, int width = 1280, int height = 900, string hash = "")
    {
        server ??= Server;
        var context = await Browser.NewContextAsync(new() { ViewportSize = new() { Width = width, Height = height }, AcceptDownloads = true });
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(30_000);
        var playground = new PlaygroundPage(context, page, server.Address);
        await page.GotoAsync(new Uri(server.Address, hash).ToString());
        return playground;
    }

    public async ValueTask DisposeAsync()
    {
        if (Browser is not null)
            await Browser.CloseAsync();
        _playwright?.Dispose();
        if (Server is not null)
            await Server.DisposeAsync();
        if (Model is not null)
            await Model.DisposeAsync();
    }
}
