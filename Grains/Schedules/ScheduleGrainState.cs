using JobScheduler.Grains.Interfaces;

namespace JobScheduler.Grains.Schedules;

/// <summary>What the schedule grain persists (as JSON).</summary>
[GenerateSerializer, Alias("JobScheduler.ScheduleGrainState")]
public sealed class ScheduleGrainState
{
    /// <summary>The schedule; null until created and after deletion.</summary>
    [Id(0)] public ScheduleRecord? Schedule { get; set; }

    /// <summary>Jobs the schedule started and has not yet seen end, oldest first.</summary>
    [Id(1)] public List<string> ActiveJobs { get; set; } = [];
}
