using System.Text.Json;
using Microsoft.Playwright;

namespace Sandcastle.Web.Tests.Infrastructure;

/// <summary>One browser tab on the playground: records console errors and failed page scripts, takes screenshots, runs axe.</summary>
public sealed class PlaygroundPage : IAsyncDisposable
{
    /// <summary>axe-core, installed by scripts/setup in a test-only place (never served by Sandcastle).</summary>
    private static readonly string AxePath = Environment.GetEnvironmentVariable("SANDCASTLE_AXE_PATH")
        ?? "/usr/local/lib/sandcastle-test/axe-core/node_modules/axe-core/axe.min.js";

    private readonly IBrowserContext _context;
    private readonly List<string> _consoleErrors = [];
    private readonly List<Microsoft.Playwright.IRequest> _requests = [];

    public PlaygroundPage(IBrowserContext context, IPage page, Uri server)
    {
        _context = context;
        Page = page;
        Server = server;
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                lock (_consoleErrors)
                    _consoleErrors.Add(message.Text);
            }
        };
        page.PageError += (_, error) =>
        {
            lock (_consoleErrors)
                _consoleErrors.Add($"uncaught: {error}");
        };
        page.Request += (_, request) =>
        {
            lock (_requests)
                _requests.Add(request);
        };
    }

    public IPage Page { get; }

    public Uri Server { get; }

    public IReadOnlyList<string> ConsoleErrors
    {
        get
        {
            lock (_consoleErrors)
                return [.. _consoleErrors];
        }
    }

    public IReadOnlyList<Microsoft.Playwright.IRequest> Requests
    {
        get
        {
            lock (_requests)
                return [.. _requests];
        }
    }

    public ILocator Locate(string selector) => Page.Locator(selector);

    public async Task ScreenshotAsync(string name) =>
        await Page.ScreenshotAsync(new() { Path = Path.Combine(PlaygroundFixture.ScreenshotDirectory, $"{name}.png"), FullPage = true });

    /// <summary>Serious and critical axe-core violations of the page as it is now (WCAG 2 A/AA and best practices).</summary>
    public async Task<IReadOnlyList<string>> AccessibilityViolationsAsync()
    {
        if (!File.Exists(AxePath))
            throw new InvalidOperationException($"axe-core is missing at {AxePath}: run scripts/setup.");
        // Evaluated through the DevTools protocol, which the page's Content-Security-Policy does not apply to.
        await Page.EvaluateAsync(await File.ReadAllTextAsync(AxePath));
        var violations = await Page.EvaluateAsync<JsonElement>("""
            async () => {
              const result = await axe.run(document, { runOnly: ['wcag2a', 'wcag2aa', 'wcag21aa', 'best-practice'], iframes: false });
              return result.violations.filter(v => v.impact === 'serious' || v.impact === 'critical')
                .map(v => `${v.impact} ${v.id}: ${v.help} at ${v.nodes.slice(0, 3).map(n => n.target.join(' ')).join('; ')}`);
            }
            """);
        return [.. violations.EnumerateArray().Select(v => v.GetString()!)];
    }

    /// <summary>
    /// The elements that stick out of the viewport on the right (a phone would have to scroll sideways); empty when
    /// the page fits. Content inside a scrolling box (a wide table in its own scroller) does not count.
    /// </summary>
    public async Task<IReadOnlyList<string>> OverflowingElementsAsync()
    {
        var found = await Page.EvaluateAsync<string[]>("""
            () => {
              if (document.documentElement.scrollWidth <= window.innerWidth + 1) return [];
              const clipped = (el) => { for (let p = el.parentElement; p; p = p.parentElement) { const o = getComputedStyle(p).overflowX; if (o === 'auto' || o === 'scroll' || o === 'hidden') return true; } return false; };
              return [...document.querySelectorAll('body *')]
                .filter(el => el.getBoundingClientRect().right > window.innerWidth + 1 && !clipped(el))
                .slice(0, 5).map(el => `${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''}.${el.className} (${Math.round(el.getBoundingClientRect().right)} px)`);
            }
            """);
        return found.Length == 0 && await Page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth > window.innerWidth + 1")
            ? ["the page, by something positioned"]
            : found;
    }

    public ValueTask DisposeAsync() => new(_context.CloseAsync());
}
