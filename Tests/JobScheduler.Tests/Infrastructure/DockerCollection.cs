namespace JobScheduler.Tests.Infrastructure;

/// <summary>Tests that run real containers share one <see cref="DockerEngineFixture"/> and run one at a time.</summary>
[CollectionDefinition(Name)]
public sealed class DockerCollection : ICollectionFixture<DockerEngineFixture>
{
    /// <summary>The collection's name: <c>docker</c>.</summary>
    public const string Name = "docker";
}
