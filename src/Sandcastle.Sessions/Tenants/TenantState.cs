using Sandcastle.Sessions.Sandboxes;

namespace Sandcastle.Sessions.Tenants;

[GenerateSerializer, Alias("Sandcastle.TenantState")]
public sealed record TenantState
{
    [Id(0)] public Dictionary<string, SandboxMetadata> Sandboxes { get; init; } = new(StringComparer.Ordinal);
}
