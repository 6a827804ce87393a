using JobScheduler.Grains.Interfaces;

namespace JobScheduler.Grains.Schedules;

/// <summary>A job a schedule decided to start, to submit once the decision is persisted.</summary>
/// <param name="JobId">The job id derived from the schedule and the occurrence.</param>
/// <param name="Occurrence">The occurrence it runs for.</param>
/// <param name="Kind">Why it runs.</param>
public sealed record PlannedJob(string JobId, DateTimeOffset Occurrence, ScheduleRunKind Kind);
