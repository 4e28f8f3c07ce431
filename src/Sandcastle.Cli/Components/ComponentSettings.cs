using Microsoft.Extensions.Configuration;
using Sandcastle.Cli.Components.Sources;

namespace Sandcastle.Cli.Components;

/// <summary>Where components are looked for: the project, the user's home and the catalog.</summary>
/// <param name="ProjectDirectory">The project root whose <c>.claude/</c> is searched (the working directory).</param>
/// <param name="HomeDirectory">The user's home, whose <c>.claude/</c> is searched.</param>
/// <param name="Catalog">A catalog URL (http/https) or directory.</param>
/// <param name="CacheDirectory">Where fetched catalog files are kept.</param>
public sealed record ComponentSettings(string ProjectDirectory, string HomeDirectory, string Catalog, string CacheDirectory)
{
    public const string CatalogVariable = "SANDCASTLE_CATALOG";

    /// <summary>The catalog shipped next to the program (copied there at build).</summary>
    public static string BundledCatalog => Path.Combine(AppContext.BaseDirectory, "catalog");

    /// <summary>From the command line's <c>--catalog</c>, else <c>Components:Catalog</c> / <c>SANDCASTLE_CATALOG</c>, else the bundled one.</summary>
    public static ComponentSettings From(IConfiguration configuration, string? catalogOption)
    {
        var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        var cacheHome = NonEmpty(Environment.GetEnvironmentVariable("XDG_CACHE_HOME")) ?? Path.Combine(home, ".cache");
        var catalog = NonEmpty(catalogOption) ?? NonEmpty(configuration["Components:Catalog"]) ?? NonEmpty(configuration[CatalogVariable]) ?? BundledCatalog;
        return new ComponentSettings(Directory.GetCurrentDirectory(), home, catalog, Path.Combine(cacheHome, "sandcastle", "catalogs"));
    }

    public bool CatalogIsRemote => Catalog.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || Catalog.StartsWith("https://", StringComparison.OrdinalIgnoreCase);

    public ComponentResolver CreateResolver(HttpClient http) => new(
    [
        new DirectoryComponentSource("project", Path.Combine(ProjectDirectory, ".claude")),
        new DirectoryComponentSource("user", Path.Combine(HomeDirectory, ".claude")),
        CatalogIsRemote ? new HttpComponentSource(Catalog, CacheDirectory, http) : new DirectoryComponentSource("catalog", Catalog),
    ], ProjectDirectory);

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
