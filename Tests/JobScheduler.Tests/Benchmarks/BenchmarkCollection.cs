namespace JobScheduler.Tests.Benchmarks;

/// <summary>
/// The benchmark tool's run: it loads both cores for minutes and runs containers, so it runs alone — after every
/// parallel collection — and never slows the timing-sensitive fault tests or overlaps their use of the engine.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class BenchmarkCollection
{
    /// <summary>The collection's name.</summary>
    public const string Name = "benchmark";
}
