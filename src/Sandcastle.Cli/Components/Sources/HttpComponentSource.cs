using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Sandcastle.Cli.Components.Sources;

/// <summary>
/// A catalog served over HTTP(S): <c>{base}/agents/&lt;category&gt;/&lt;name&gt;.md</c>, <c>{base}/commands/...</c>,
/// and <c>{base}/index.json</c> (a JSON array of those relative paths) for listing and bare names.
/// Every file fetched is cached under <paramref name="cacheRoot"/>; the cache answers for an hour, and
/// longer when the catalog cannot be reached.
/// </summary>
public sealed class HttpComponentSource(string baseUrl, string cacheRoot, HttpClient http) : IComponentSource
{
    private const string IndexFile = "index.json";
    private static readonly TimeSpan Freshness = TimeSpan.FromHours(1);

    private readonly string _cache = Path.Combine(cacheRoot, Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(baseUrl)))[..16]);

    public string Name => "catalog";

    public string Location { get; } = baseUrl.TrimEnd('/');

    public async Task<IReadOnlyList<ComponentEntry>> ListAsync(ComponentKind kind, CancellationToken cancellationToken)
    {
        var index = await FetchAsync(IndexFile, cancellationToken);
        if (index is null)
            return [];
        string[] paths;
        try
        {
            paths = JsonSerializer.Deserialize<string[]>(index) ?? [];
        }
        catch (JsonException e)
        {
            throw new MalformedComponentException($"{Location}/{IndexFile}", "the catalog index must be a JSON array of paths like \"agents/data/data-scientist.md\".", e);
        }
        var prefix = kind.FolderName() + "/";
        return [.. paths
            .Where(p => p.StartsWith(prefix, StringComparison.Ordinal) && p.EndsWith(".md", StringComparison.Ordinal))
            .Select(p => p[prefix.Length..^3])
            .Where(ComponentNames.IsSafe)
            .Order(StringComparer.Ordinal)
            .Select(name => new ComponentEntry(kind, name, Name, $"{Location}/{prefix}{name}.md"))];
    }

    public async Task<string?> ListingProblemAsync(CancellationToken cancellationToken) =>
        await FetchAsync(IndexFile, cancellationToken) is null
            ? $"the component catalog {Location} has no {IndexFile}, so it cannot be listed; its components still resolve by category/name (e.g. --agent data/data-scientist)"
            : null;

    public async Task<ComponentFile?> TryReadAsync(ComponentKind kind, string name, CancellationToken cancellationToken)
    {
        if (!ComponentNames.IsSafe(name))
            return null;
        var relative = $"{kind.FolderName()}/{name}.md";
        var text = await FetchAsync(relative, cancellationToken);
        return text is null ? null : new ComponentFile(new ComponentEntry(kind, name, Name, $"{Location}/{relative}"), text);
    }

    /// <summary>The file's text, from the cache when fresh; null when the catalog does not have it.</summary>
    private async Task<string?> FetchAsync(string relative, CancellationToken cancellationToken)
    {
        var cached = Path.Combine(_cache, relative);
        if (File.Exists(cached) && DateTime.UtcNow - File.GetLastWriteTimeUtc(cached) < Freshness)
            return await File.ReadAllTextAsync(cached, Encoding.UTF8, cancellationToken);
        try
        {
            using var response = await http.GetAsync($"{Location}/{relative}", cancellationToken);
            if (response.StatusCode == HttpStatusCode.NotFound)
                return null;
            response.EnsureSuccessStatusCode();
            var text = await response.Content.ReadAsStringAsync(cancellationToken);
            Directory.CreateDirectory(Path.GetDirectoryName(cached)!);
            await File.WriteAllTextAsync(cached, text, new UTF8Encoding(false), cancellationToken);
            return text;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            if (File.Exists(cached))
                return await File.ReadAllTextAsync(cached, Encoding.UTF8, cancellationToken);
            throw new CliFailureException(ExitCodes.Failure, $"the component catalog {Location} cannot be reached ({e.Message}) and nothing is cached.", e);
        }
    }
}
