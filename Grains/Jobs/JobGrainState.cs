using JobScheduler.Grains.Interfaces;

namespace JobScheduler.Grains.Jobs;

/// <summary>What the job grain persists (as JSON): the record and, once an attempt ends, its output.</summary>
[GenerateSerializer, Alias("JobScheduler.JobGrainState")]
public sealed class JobGrainState
{
    /// <summary>The job; null until submitted.</summary>
    [Id(0)] public JobRecord? Job { get; set; }

    /// <summary>The output of the last attempt that ended.</summary>
    [Id(1)] public JobLogs? Logs { get; set; }

    /// <summary>
    /// The job's <see cref="JobSpec.SecretEnv"/>, encrypted by <see cref="Secrets.SecretEnvProtector"/>; null when it has none.
    /// The record's spec holds no secret values, so this is the only place they are stored.
    /// </summary>
    [Id(2)] public string? SealedSecretEnv { get; set; }
}
