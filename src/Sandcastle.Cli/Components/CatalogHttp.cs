namespace Sandcastle.Cli.Components;

/// <summary>The HTTP client that fetches catalog files: bounded, so a dead catalog fails fast.</summary>
public static class CatalogHttp
{
    public static HttpClient Create() => new() { Timeout = TimeSpan.FromSeconds(15) };
}
