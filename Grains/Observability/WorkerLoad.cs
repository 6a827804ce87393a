namespace JobScheduler.Grains.Observability;

/// <summary>A worker's running attempts and its slots, read by the worker gauges.</summary>
public readonly record struct WorkerLoad(int Running, int Slots);
