namespace JobScheduler.Grains.Interfaces;

/// <summary>What a schedule does when an occurrence comes while its previous run is still going. Persisted by name.</summary>
public enum OverlapPolicy
{
    /// <summary>Start the new run anyway; runs may overlap.</summary>
    Allow = 0,

    /// <summary>Record the occurrence as skipped (reason <see cref="ScheduleSkipReason.Overlap"/>) and run nothing.</summary>
    Skip = 1,

    /// <summary>
    /// Hold at most one occurrence and start it when the previous run ends (Temporal's BufferOne); further
    /// occurrences while one is held are skipped.
    /// </summary>
    Queue = 2,
}
