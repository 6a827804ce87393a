namespace JobScheduler.Tests.Browser;

/// <summary>Browser tests: they share one chromium (<see cref="BrowserFixture"/>) and one embedded API process.</summary>
[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<BrowserFixture>
{
    /// <summary>The collection's name, for <c>[Collection(BrowserCollection.Name)]</c>.</summary>
    public const string Name = "browser";
}
