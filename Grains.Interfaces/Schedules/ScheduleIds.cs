namespace JobScheduler.Grains.Interfaces;

/// <summary>Schedule ids and the job ids a schedule derives from its occurrences.</summary>
public static class ScheduleIds
{
    /// <summary>Longest schedule id, so that a derived job id (<c>id:unixMs</c>) stays within a job id's 128 characters.</summary>
    public const int MaxLength = 64;

    /// <summary>A new unique schedule id.</summary>
    public static string New() => JobIds.New();

    /// <summary>True when <paramref name="id"/> has the shape of a schedule id.</summary>
    public static bool IsWellFormed(string? id) => id is { Length: <= MaxLength } && JobIds.IsWellFormed(id) && !id.Contains(':', StringComparison.Ordinal);

    /// <summary>
    /// The id of the job for <paramref name="occurrence"/>: <c>{scheduleId}:{occurrence as UTC unix milliseconds}</c>.
    /// One occurrence, one job id: a duplicated tick or a retried call reaches the same job.
    /// </summary>
    public static string JobIdFor(string scheduleId, DateTimeOffset occurrence) =>
        $"{scheduleId}:{occurrence.ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture)}";
}
