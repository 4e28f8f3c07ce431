namespace Sandcastle.Sandbox.Tests.Attacks;

/// <summary>
/// Tests that bound the host's heap growth (<c>HeapPeak</c> samples the whole test process) run alone, after the
/// parallel ones: another suite's allocations would otherwise count as the attack's.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class HeapMeasuredCollection
{
    public const string Name = "heap measured";
}
