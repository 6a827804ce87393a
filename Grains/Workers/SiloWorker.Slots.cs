namespace JobScheduler.Grains.Workers;

public sealed partial class SiloWorker
{
    // Resolved once at start, before the loops run (WorkerSlots); every reader (pulls, status, metrics) uses this figure.
    private int _slots;

    /// <summary>
    /// The configured slots, or <see cref="WorkerOptions.SlotsPerEngineCpu"/> times the engine's CPUs; when the engine
    /// does not answer (bounded by its ping timeout), times this silo's own CPUs, which a restart re-reads from the engine.
    /// </summary>
    private async Task<int> ResolveSlotsAsync(CancellationToken cancellationToken)
    {
        if (_options.Slots is { } configured)
        {
            LogSlotsConfigured(Id, configured);
            return configured;
        }
        var perCpu = _options.SlotsPerEngineCpu;
        if (await runtime.CountCpusAsync(cancellationToken) is { } engineCpus)
        {
            var slots = WorkerSlots.Resolve(null, engineCpus, perCpu);
            LogSlotsFromEngine(Id, slots, perCpu, engineCpus, runtime.Endpoint);
            return slots;
        }
        var siloCpus = Environment.ProcessorCount;
        var fallback = WorkerSlots.Resolve(null, siloCpus, perCpu);
        LogSlotsFromSilo(Id, fallback, perCpu, siloCpus, runtime.Endpoint);
        return fallback;
    }
}
