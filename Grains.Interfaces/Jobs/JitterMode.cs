namespace JobScheduler.Grains.Interfaces;

/// <summary>How randomness spreads retry times, so jobs that failed together do not retry together.</summary>
public enum JitterMode
{
    /// <summary>Exactly the computed backoff.</summary>
    None = 0,

    /// <summary>A uniformly random delay between zero and the computed backoff ("full jitter").</summary>
    Full = 1,

    /// <summary>The computed backoff plus up to <see cref="RetryPolicy.JitterFraction"/> of it; never shorter than the backoff.</summary>
    Proportional = 2,
}
