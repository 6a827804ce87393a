namespace JobScheduler.Tests.Faults;

/// <summary>
/// The fault tests: they kill silos, stop Redis and restart the Docker engine, so they run alone —
/// after every parallel collection, one at a time — and never overlap another test's use of the engine.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class FaultCollection : ICollectionFixture<FaultFixture>
{
    /// <summary>The collection's name.</summary>
    public const string Name = "faults";
}
