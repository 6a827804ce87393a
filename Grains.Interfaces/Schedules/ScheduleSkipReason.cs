namespace JobScheduler.Grains.Interfaces;

/// <summary>Why an occurrence of a schedule ran no job. Persisted by name.</summary>
public enum ScheduleSkipReason
{
    /// <summary>The previous run was still going (overlap policy <see cref="OverlapPolicy.Skip"/>, or a run was already queued).</summary>
    Overlap = 0,

    /// <summary>The occurrence was missed, e.g. while the cluster was down (misfire policy <see cref="MisfirePolicy.Skip"/>).</summary>
    Misfire = 1,
}
