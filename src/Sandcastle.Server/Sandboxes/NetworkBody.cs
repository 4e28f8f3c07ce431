using System.Text.Json.Serialization;

namespace Sandcastle.Server.Sandboxes;

/// <summary>
/// A network policy on the wire: <c>{"allow": ["pypi.org", "*.pythonhosted.org", "api.example.com:443", "*"]}</c>;
/// an empty list (or none) means no network. Any other field is refused: a policy that reads
/// <c>{"deny": [...]}</c> must not pass for one that denies anything.
/// </summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record NetworkBody(List<string>? Allow);
