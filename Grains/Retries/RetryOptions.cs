using JobScheduler.Grains.Interfaces;

namespace JobScheduler.Grains.Retries;

/// <summary>
/// A retry policy as configuration binds it (<c>Scheduler:Jobs:Retry</c> for the server default,
/// <c>Scheduler:Queues:{name}:Retry</c> per queue). Unset members fall through to the next level.
/// </summary>
public sealed class RetryOptions
{
    /// <summary>See <see cref="RetryPolicy.MaxAttempts"/>.</summary>
    public int? MaxAttempts { get; set; }

    /// <summary>See <see cref="RetryPolicy.InitialBackoff"/>.</summary>
    public TimeSpan? InitialBackoff { get; set; }

    /// <summary>See <see cref="RetryPolicy.BackoffMultiplier"/>.</summary>
    public double? BackoffMultiplier { get; set; }

    /// <summary>See <see cref="RetryPolicy.MaxBackoff"/>.</summary>
    public TimeSpan? MaxBackoff { get; set; }

    /// <summary>See <see cref="RetryPolicy.Jitter"/>.</summary>
    public JitterMode? Jitter { get; set; }

    /// <summary>See <see cref="RetryPolicy.JitterFraction"/>.</summary>
    public double? JitterFraction { get; set; }

    /// <summary>See <see cref="RetryPolicy.NonRetryableExitCodes"/>.</summary>
    public int[]? NonRetryableExitCodes { get; set; }

    /// <summary>The same values as a contract <see cref="RetryPolicy"/>.</summary>
    public RetryPolicy ToPolicy() => new()
    {
        MaxAttempts = MaxAttempts,
        InitialBackoff = InitialBackoff,
        BackoffMultiplier = BackoffMultiplier,
        MaxBackoff = MaxBackoff,
        Jitter = Jitter,
        JitterFraction = JitterFraction,
        NonRetryableExitCodes = NonRetryableExitCodes,
    };
}
