namespace Sandcastle.Server.Web;

/// <summary>Marks an endpoint that answers browsers (Accept: text/html) on a route an API endpoint shares.</summary>
public sealed class BrowserPageMetadata
{
    public static readonly BrowserPageMetadata Instance = new();

    private BrowserPageMetadata()
    {
    }
}
