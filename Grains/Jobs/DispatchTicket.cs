using JobScheduler.Grains.Interfaces;

namespace JobScheduler.Grains.Jobs;

/// <summary>What a worker receives when it claims a job: the spec and the attempt number it must quote back.</summary>
[GenerateSerializer, Alias("JobScheduler.DispatchTicket")]
public sealed record DispatchTicket
{
    /// <summary>The job id.</summary>
    [Id(0)] public required string JobId { get; init; }

    /// <summary>The attempt number (fencing token) for every later report.</summary>
    [Id(1)] public required int Attempt { get; init; }

    /// <summary>What to run.</summary>
    [Id(2)] public required JobSpec Spec { get; init; }

    /// <summary>
    /// The job's secret environment, encrypted (opaque to everyone but the silos' key ring); null when it has none.
    /// The worker decrypts it just before it creates the container; <see cref="Spec"/> carries no secret values.
    /// </summary>
    [Id(3)] public string? SealedSecretEnv { get; init; }

    /// <summary>The submit request's trace context (<see cref="JobRecord.TraceParent"/>), which the attempt's trace continues.</summary>
    [Id(4)] public string? TraceParent { get; init; }

    /// <summary>
    /// The job's <see cref="JobRecord.Effective"/> settings, which its container runs with; null for a job stored before
    /// they existed (the worker resolves it against its queue's batch and its own defaults).
    /// </summary>
    [Id(5)] public EffectiveJobSettings? Effective { get; init; }
}
