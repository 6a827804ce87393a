namespace JobScheduler.Grains.Interfaces;

/// <summary>One page of schedule ids from the catalog, newest first, and how many match in all.</summary>
[GenerateSerializer, Alias("JobScheduler.ScheduleCatalogPage")]
public sealed record ScheduleCatalogPage
{
    /// <summary>The ids on the page, newest first.</summary>
    [Id(0)] public IReadOnlyList<string> Ids { get; init; } = [];

    /// <summary>How many schedules match the query in all.</summary>
    [Id(1)] public long Total { get; init; }
}
