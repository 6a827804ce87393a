namespace JobScheduler.Grains.Interfaces;

/// <summary>
/// The answer of a create or replace: the schedule, or the problems that kept it from being stored. Validation
/// answers travel as data, not exceptions, so their field paths survive the trip from a silo to any client.
/// </summary>
[GenerateSerializer, Alias("JobScheduler.ScheduleWriteResult")]
public sealed record ScheduleWriteResult
{
    /// <summary>The schedule as stored; null when <see cref="Errors"/> is not empty.</summary>
    [Id(0)] public ScheduleRecord? Schedule { get; init; }

    /// <summary>Problems keyed by the JSON path of the field (<c>cron</c>, <c>timeZone</c>, <c>job.image</c>); empty on success.</summary>
    [Id(1)] public IReadOnlyDictionary<string, string[]> Errors { get; init; } = new Dictionary<string, string[]>();
}
