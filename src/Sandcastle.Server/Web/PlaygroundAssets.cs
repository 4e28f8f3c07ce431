using System.Collections.Frozen;
using System.Reflection;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Net.Http.Headers;

namespace Sandcastle.Server.Web;

/// <summary>
/// The playground's files, embedded in this assembly at build (Web/wwwroot, logical names "playground/..."), so
/// the page needs no CDN, no internet and no build step. Read once; each answer carries a strong ETag.
/// </summary>
public sealed class PlaygroundAssets
{
    private const string Prefix = "playground/";

    // The page runs only its own scripts and styles and talks only to this server; images may be data: or blob:
    // (charts, downloads); HTML a program made is shown in a sandboxed frame (srcdoc) that may run nothing.
    private const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; connect-src 'self'; "
        + "frame-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    private readonly FrozenDictionary<string, Asset> _assets = Load();

    public IResult Serve(string file, HttpContext context)
    {
        if (!_assets.TryGetValue(file, out var asset))
            return TypedResults.NotFound();
        var headers = context.Response.Headers;
        headers.XContentTypeOptions = "nosniff";
        headers.ContentSecurityPolicy = ContentSecurityPolicy;
        headers["Referrer-Policy"] = "no-referrer";
        // Revalidated every time: a new server version must never run an old script against a new API.
        headers.CacheControl = "no-cache";
        return TypedResults.Bytes(asset.Content, asset.ContentType, entityTag: asset.ETag);
    }

    private static FrozenDictionary<string, Asset> Load()
    {
        var assembly = typeof(PlaygroundAssets).Assembly;
        var types = new FileExtensionContentTypeProvider();
        var assets = new Dictionary<string, Asset>(StringComparer.Ordinal);
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith(Prefix, StringComparison.Ordinal)))
        {
            using var stream = assembly.GetManifestResourceStream(name)!;
            using var buffer = new MemoryStream();
            stream.CopyTo(buffer);
            var content = buffer.ToArray();
            var contentType = types.TryGetContentType(name, out var known) ? known : "application/octet-stream";
            if (contentType.StartsWith("text/", StringComparison.Ordinal) || contentType.EndsWith("javascript", StringComparison.Ordinal))
                contentType += "; charset=utf-8";
            var tag = new EntityTagHeaderValue($"\"{Convert.ToHexStringLower(SHA256.HashData(content))[..16]}\"");
            assets[name[Prefix.Length..]] = new Asset(content, contentType, tag);
        }
        return assets.ToFrozenDictionary(StringComparer.Ordinal);
    }

    private sealed record Asset(byte[] Content, string ContentType, EntityTagHeaderValue ETag);
}
