namespace JobScheduler.Grains.Interfaces;

/// <summary>
/// The most schedules one creator may hold, checked when a schedule is created. Over it the create throws
/// <see cref="AdmissionRejectedException"/> with the limit <see cref="Limit"/> and stores nothing.
/// </summary>
[GenerateSerializer, Alias("JobScheduler.ScheduleQuota")]
public sealed record ScheduleQuota
{
    /// <summary>The name of the limit in a refusal.</summary>
    public const string Limit = "principal.maxSchedules";

    /// <summary>The most schedules one creator may hold; 0 means no quota.</summary>
    [Id(0)] public int MaxSchedules { get; init; }

    /// <summary>What a refused caller is told to wait before trying again.</summary>
    [Id(1)] public TimeSpan RetryAfter { get; init; } = TimeSpan.FromSeconds(5);
}
