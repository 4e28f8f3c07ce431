using Orleans.Placement;

namespace Sandcastle.Sessions.Cluster;

/// <summary>Sandbox grains are placed by <see cref="SandboxPlacementDirector"/>: on the node with their files, or the emptiest.</summary>
[GenerateSerializer, Immutable, SuppressReferenceTracking, Alias("Sandcastle.SandboxPlacement")]
public sealed class SandboxPlacement : PlacementStrategy
{
    public static SandboxPlacement Instance { get; } = new();
}

[AttributeUsage(AttributeTargets.Class, AllowMultiple = false)]
public sealed class SandboxPlacementAttribute() : PlacementAttribute(SandboxPlacement.Instance);
