namespace JobScheduler.Tests.Builds;

/// <summary>The build tests share one host (a silo per class would be slow) and run one after another.</summary>
[CollectionDefinition(Name)]
public sealed class BuildCollection : ICollectionFixture<BuildApiFixture>
{
    /// <summary>The collection's name.</summary>
    public const string Name = "builds";
}
