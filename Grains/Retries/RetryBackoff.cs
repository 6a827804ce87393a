using JobScheduler.Grains.Interfaces;

namespace JobScheduler.Grains.Retries;

/// <summary>The delay before a job's next attempt: exponential, capped, jittered. Pure: the caller supplies the random sample.</summary>
public static class RetryBackoff
{
    /// <summary>
    /// The delay after the <paramref name="failedAttempts"/>-th failed attempt of the current retry budget
    /// (1 for the first failure): <c>min(initial × multiplier^(failedAttempts-1), max)</c>, then jittered.
    /// </summary>
    /// <param name="policy">A complete policy (every member set, e.g. merged with <see cref="RetryPolicy.Defaults"/>).</param>
    /// <param name="failedAttempts">Failed attempts so far in this budget, at least 1.</param>
    /// <param name="sample">A uniform random number in [0, 1).</param>
    public static TimeSpan Delay(RetryPolicy policy, int failedAttempts, double sample)
    {
        var initial = policy.InitialBackoff!.Value;
        var max = policy.MaxBackoff!.Value;
        var exponent = Math.Max(failedAttempts - 1, 0);
        var ticks = initial.Ticks * Math.Pow(policy.BackoffMultiplier!.Value, exponent);
        var capped = Math.Min(ticks, max.Ticks);
        var jittered = policy.Jitter switch
        {
            JitterMode.Full => capped * sample,
            JitterMode.Proportional => capped * (1 + policy.JitterFraction!.Value * sample),
            _ => capped,
        };
        return TimeSpan.FromTicks((long)Math.Min(jittered, TimeSpan.MaxValue.Ticks / 2));
    }
}
