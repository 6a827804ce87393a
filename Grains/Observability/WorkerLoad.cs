namespace JobScheduler.Grains.Observability;

/// <summary>A worker's running attempts, its slots and whether it drains, read by the worker gauges.</summary>
public readonly record struct WorkerLoad(int Running, int Slots, bool Draining = false);
