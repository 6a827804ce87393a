namespace JobScheduler.Grains.Schedules;

/// <summary>What the schedule catalog persists (as JSON): the schedule ids.</summary>
[GenerateSerializer, Alias("JobScheduler.ScheduleCatalogState")]
public sealed class ScheduleCatalogState
{
    /// <summary>Schedule ids, in the order they were added.</summary>
    [Id(0)] public List<string> Ids { get; set; } = [];
}
