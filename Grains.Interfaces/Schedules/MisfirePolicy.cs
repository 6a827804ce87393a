namespace JobScheduler.Grains.Interfaces;

/// <summary>
/// What a schedule does with occurrences it missed (found due more than the misfire grace ago, e.g. while the
/// cluster was down). Persisted by name.
/// </summary>
public enum MisfirePolicy
{
    /// <summary>Run none of them: record one skipped entry that counts them, then continue with the next occurrence.</summary>
    Skip = 0,

    /// <summary>Run one job for the latest missed occurrence, then continue (Quartz's "fire once now").</summary>
    RunOnce = 1,
}
