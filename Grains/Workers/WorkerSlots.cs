namespace JobScheduler.Grains.Workers;

/// <summary>
/// How many containers a silo's worker runs at once: the configured <see cref="WorkerOptions.Slots"/> when set,
/// otherwise <see cref="WorkerOptions.SlotsPerEngineCpu"/> times the CPUs of the engine that runs the containers,
/// within <see cref="AutomaticMin"/>..<see cref="AutomaticMax"/>.
/// </summary>
public static class WorkerSlots
{
    /// <summary>The fewest automatic slots: a worker always runs something.</summary>
    public const int AutomaticMin = 1;

    /// <summary>The most automatic slots, however many CPUs the engine reports; more takes an explicit <see cref="WorkerOptions.Slots"/>.</summary>
    public const int AutomaticMax = 256;

    /// <summary>The worker's slots.</summary>
    /// <param name="configured"><see cref="WorkerOptions.Slots"/>: when set, the answer, unchanged.</param>
    /// <param name="engineCpus">The engine's CPU count (or the silo's, when the engine did not answer); below 1 counts as 1.</param>
    /// <param name="perCpu"><see cref="WorkerOptions.SlotsPerEngineCpu"/>, at least 1.</param>
    public static int Resolve(int? configured, int engineCpus, int perCpu)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(perCpu, 1);
        if (configured is { } slots)
            return slots;
        // In long: a huge CPU count times the per-CPU figure must not wrap around to a small or negative number.
        var automatic = (long)Math.Max(engineCpus, 1) * perCpu;
        return (int)Math.Clamp(automatic, AutomaticMin, AutomaticMax);
    }
}
