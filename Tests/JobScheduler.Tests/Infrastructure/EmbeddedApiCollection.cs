namespace JobScheduler.Tests.Infrastructure;

/// <summary>Tests that share one API host with a co-hosted silo (starting a silo per test class would be slow).</summary>
[CollectionDefinition(Name)]
public sealed class EmbeddedApiCollection : ICollectionFixture<EmbeddedApiFixture>
{
    /// <summary>The collection's name, for <c>[Collection(EmbeddedApiCollection.Name)]</c>.</summary>
    public const string Name = "embedded-api";
}
