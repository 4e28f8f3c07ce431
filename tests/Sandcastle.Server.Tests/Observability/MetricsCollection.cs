namespace Sandcastle.Server.Tests.Observability;

/// <summary>Tests that read process-wide metric totals: they run when no other test runs.</summary>
[CollectionDefinition(nameof(MetricsApiTests), DisableParallelization = true)]
public sealed class MetricsCollection;
