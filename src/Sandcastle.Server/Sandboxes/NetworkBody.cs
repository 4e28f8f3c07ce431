namespace Sandcastle.Server.Sandboxes;

/// <summary>
/// A network policy on the wire: <c>{"allow": ["pypi.org", "*.pythonhosted.org", "api.example.com:443", "*"]}</c>;
/// an empty list (or none) means no network.
/// </summary>
public sealed record NetworkBody(List<string>? Allow);
