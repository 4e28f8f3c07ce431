using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.OpenApi;
using Microsoft.OpenApi.Reader;
using Sandcastle.Server.Tests.Infrastructure;

namespace Sandcastle.Server.Tests.OpenApi;

public sealed partial class OpenApiDocumentTests : IAsyncLifetime
{
    /// <summary>Routes that are not REST operations, each with why it is left out of the document.</summary>
    private static readonly Dictionary<string, string> NotOperations = new(StringComparer.Ordinal)
    {
        ["/openapi/{documentName}.json"] = "the document itself",
        ["/docs/{**rest}"] = "the interactive reference",
        ["/docs"] = "the interactive reference",
        ["/mcp"] = "JSON-RPC (Model Context Protocol), described by its own tools/list",
        ["/metrics"] = "Prometheus text for scrapers",
        ["/model-relay/{**path}"] = "the model relay: only Claude Code inside a sandbox calls it, with a run token",
        ["/preview/{token}"] = "a sandbox's own web app, forwarded as it is",
        ["/preview/{token}/{**rest}"] = "a sandbox's own web app, forwarded as it is",
    };

    private readonly CancellationToken _ct = TestContext.Current.CancellationToken;
    private RunningServer _server = null!;

    public async ValueTask InitializeAsync() => _server = await RunningServer.StartAsync();

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Document_is_valid_openapi_and_has_every_mapped_route()
    {
        var (document, diagnostic) = await ReadDocumentAsync();
        Assert.Empty(diagnostic.Errors);
        Assert.StartsWith("3.", diagnostic.SpecificationVersion.ToString().Replace("OpenApi", "", StringComparison.Ordinal).Replace('_', '.'), StringComparison.Ordinal);

        var documented = document.Paths.SelectMany(p => p.Value.Operations!.Keys.Select(m => $"{m.Method.ToUpperInvariant()} {p.Key}")).ToHashSet(StringComparer.Ordinal);
        var mapped = _server.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => !NotOperations.ContainsKey(e.RoutePattern.RawText!.TrimEnd('/')) && !e.RoutePattern.RawText!.StartsWith("/docs/", StringComparison.Ordinal))
            .SelectMany(e => (e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["ANY"]).Select(m => $"{m} {Normalize(e.RoutePattern.RawText!)}"))
            .ToHashSet(StringComparer.Ordinal);
        Assert.True(mapped.Count > 30, $"only {mapped.Count} routes found: is the route table read?");
        var missing = mapped.Except(documented).Order(StringComparer.Ordinal).ToList();
        Assert.True(missing.Count == 0, "Mapped but not in /openapi/v1.json: " + string.Join(", ", missing));
    }

    [Fact]
    public async Task Document_has_the_bearer_key_errors_streams_and_examples()
    {
        var (document, _) = await ReadDocumentAsync();
        var scheme = Assert.IsType<OpenApiSecurityScheme>(document.Components!.SecuritySchemes!["apiKey"]);
        Assert.Equal((SecuritySchemeType.Http, "bearer"), (scheme.Type, scheme.Scheme));
        Assert.NotEmpty(document.Security!);

        var execute = document.Paths["/execute"].Operations![HttpMethod.Post];
        Assert.NotNull(execute.RequestBody!.Content!["application/json"].Example);
        Assert.True(execute.RequestBody.Content["application/json"].Schema!.Properties?.ContainsKey("question")
            ?? Assert.IsType<OpenApiSchemaReference>(execute.RequestBody.Content["application/json"].Schema).Properties!.ContainsKey("question"));
        Assert.Contains("text/event-stream", execute.Responses!["200"].Content!.Keys);
        Assert.Contains("502", execute.Responses.Keys);

        var exec = document.Paths["/v1/sandboxes/{id}/exec"].Operations![HttpMethod.Post];
        Assert.Contains("text/event-stream", exec.Responses!["200"].Content!.Keys);
        var unauthorized = exec.Responses["401"].Content!["application/json"].Schema!;
        Assert.Equal(["code", "error", "message"], unauthorized.Properties!.Keys.Order(StringComparer.Ordinal));
        Assert.Contains("404", exec.Responses.Keys);

        var upload = document.Paths["/v1/sandboxes/{id}/files/{path}"].Operations![HttpMethod.Put];
        Assert.Contains("application/octet-stream", upload.RequestBody!.Content!.Keys);
        var download = document.Paths["/v1/sandboxes/{id}/files/{path}"].Operations![HttpMethod.Get];
        Assert.Contains("application/octet-stream", download.Responses!["200"].Content!.Keys);

        // GET / is two endpoints (JSON for clients, the playground for browsers): the document says both.
        var root = document.Paths["/"].Operations![HttpMethod.Get];
        Assert.Equal(["application/json", "text/html"], root.Responses!["200"].Content!.Keys.Order(StringComparer.Ordinal));
        var fork = document.Paths["/v1/sandboxes/{id}"].Operations![HttpMethod.Put];
        Assert.Contains("409", fork.Responses!.Keys);
        var restore = document.Paths["/v1/sandboxes/{id}/snapshots/{snapshotId}/restore"].Operations![HttpMethod.Post];
        Assert.Contains("application/json", restore.Responses!["200"].Content!.Keys);
    }

    [Fact]
    public async Task Docs_page_is_served_with_its_script_from_this_server()
    {
        var page = await _server.Client.GetAsync("/docs", _ct);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var html = await page.Content.ReadAsStringAsync(_ct);
        var sources = ScriptSource().Matches(html).Select(m => m.Groups[1].Value).ToList();
        Assert.NotEmpty(sources);
        // No CDN: nothing the page loads comes from another host.
        Assert.DoesNotMatch(ExternalReference(), html);
        var largest = 0;
        foreach (var source in sources)
        {
            var script = await _server.Client.GetAsync(new Uri(new Uri(_server.Address, "/docs/"), source), _ct);
            Assert.Equal(HttpStatusCode.OK, script.StatusCode);
            largest = Math.Max(largest, (await script.Content.ReadAsByteArrayAsync(_ct)).Length);
        }
        Assert.True(largest > 500_000, $"no script is the bundled reference (largest {largest} bytes): {string.Join(", ", sources)}");
        Assert.Contains("\"openapi/v1.json\"", html, StringComparison.Ordinal);
    }

    private async Task<(OpenApiDocument Document, OpenApiDiagnostic Diagnostic)> ReadDocumentAsync()
    {
        var response = await _server.Client.GetAsync("/openapi/v1.json", _ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var json = await response.Content.ReadAsStringAsync(_ct);
        var result = OpenApiDocument.Parse(json, "json");
        return (result.Document ?? throw new InvalidOperationException("The document did not parse: " + string.Join("; ", result.Diagnostic?.Errors ?? [])), result.Diagnostic!);
    }

    private static string Normalize(string pattern)
    {
        var path = "/" + pattern.Trim('/');
        path = path.Replace("{**", "{", StringComparison.Ordinal).Replace("{*", "{", StringComparison.Ordinal);
        // The document names a parameter without its route constraint: {port:int} is {port} there.
        return RouteConstraint().Replace(path, "{$1}");
    }

    [GeneratedRegex(@"\{([^}:]+):[^}]+\}")]
    private static partial Regex RouteConstraint();

    [GeneratedRegex("<script[^>]*\\ssrc=\"([^\"]+)\"")]
    private static partial Regex ScriptSource();

    [GeneratedRegex("(src|href)=\"(https?:)?//", RegexOptions.IgnoreCase)]
    private static partial Regex ExternalReference();
}
