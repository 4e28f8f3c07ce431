namespace Sandcastle.Sessions.Contexts;

/// <summary>A rich result as a MIME bundle: mime type → data (text/plain always; image/png base64; text/html...).</summary>
[GenerateSerializer, Immutable, Alias("Sandcastle.CellResult")]
public sealed record CellResult([property: Id(0)] Dictionary<string, string> Data) : CellEvent;
