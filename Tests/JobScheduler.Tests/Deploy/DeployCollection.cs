namespace JobScheduler.Tests.Deploy;

/// <summary>
/// The images and the compose stack: building them and running five .NET processes in containers loads both cores, so
/// the collection runs alone, after the parallel ones, and never slows the timing-sensitive fault tests.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class DeployCollection : ICollectionFixture<DeployImagesFixture>
{
    /// <summary>The collection's name.</summary>
    public const string Name = "deploy";
}
