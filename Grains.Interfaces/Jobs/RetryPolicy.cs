namespace JobScheduler.Grains.Interfaces;

/// <summary>
/// How a job's failed attempts are retried. Every member is optional: a missing one takes the queue's
/// default (<c>Scheduler:Queues:{name}:Retry</c>), then the server's (<c>Scheduler:Jobs:Retry</c>).
/// The delay before attempt <c>n + 1</c> is <c>min(InitialBackoff × BackoffMultiplier^(n-1), MaxBackoff)</c>, then jittered.
/// </summary>
[GenerateSerializer, Alias("JobScheduler.RetryPolicy")]
public sealed record RetryPolicy
{
    [Id(5)] private readonly int[]? _nonRetryableExitCodes;

    /// <summary>Attempts in all, the first included (1 = never retry).</summary>
    [Id(0)] public int? MaxAttempts { get; init; }

    /// <summary>Delay before the first retry.</summary>
    [Id(1)] public TimeSpan? InitialBackoff { get; init; }

    /// <summary>Factor applied to the delay after each failed retry (≥ 1).</summary>
    [Id(2)] public double? BackoffMultiplier { get; init; }

    /// <summary>Longest delay between attempts.</summary>
    [Id(3)] public TimeSpan? MaxBackoff { get; init; }

    /// <summary>How the delay is randomised.</summary>
    [Id(4)] public JitterMode? Jitter { get; init; }

    /// <summary>Exit codes that end the job at once as <see cref="JobState.Failed"/> (Docker's own 125–127 by default).</summary>
    public IReadOnlyList<int>? NonRetryableExitCodes
    {
        get => _nonRetryableExitCodes;
        init => _nonRetryableExitCodes = value?.ToArray();
    }

    /// <summary>For <see cref="JitterMode.Proportional"/>: the largest fraction of the delay added (0–1).</summary>
    [Id(6)] public double? JitterFraction { get; init; }

    /// <summary>Fills the members this policy leaves out from <paramref name="fallback"/>.</summary>
    public RetryPolicy OrElse(RetryPolicy? fallback) => fallback is null ? this : new RetryPolicy
    {
        MaxAttempts = MaxAttempts ?? fallback.MaxAttempts,
        InitialBackoff = InitialBackoff ?? fallback.InitialBackoff,
        BackoffMultiplier = BackoffMultiplier ?? fallback.BackoffMultiplier,
        MaxBackoff = MaxBackoff ?? fallback.MaxBackoff,
        Jitter = Jitter ?? fallback.Jitter,
        NonRetryableExitCodes = NonRetryableExitCodes ?? fallback.NonRetryableExitCodes,
        JitterFraction = JitterFraction ?? fallback.JitterFraction,
    };

    /// <summary>The server's built-in defaults: 3 attempts, 1 s doubling to at most 5 min, +0–20 % jitter, exit codes 125–127 not retried.</summary>
    public static RetryPolicy Defaults { get; } = new()
    {
        MaxAttempts = 3,
        InitialBackoff = TimeSpan.FromSeconds(1),
        BackoffMultiplier = 2,
        MaxBackoff = TimeSpan.FromMinutes(5),
        Jitter = JitterMode.Proportional,
        JitterFraction = 0.2,
        NonRetryableExitCodes = [125, 126, 127],
    };
}
