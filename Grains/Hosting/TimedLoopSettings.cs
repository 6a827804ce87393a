namespace JobScheduler.Grains.Hosting;

/// <summary>How a <see cref="TimedLoop"/> paces itself; each loop's owner fills it from its own options.</summary>
public sealed record TimedLoopSettings
{
    /// <summary>The loop's name in its logs.</summary>
    public required string Name { get; init; }

    /// <summary>The wait after an iteration that asked for the next one, unless woken early.</summary>
    public required TimeSpan Interval { get; init; }

    /// <summary>The wait before the first iteration. Default: none (the first iteration runs at once).</summary>
    public TimeSpan FirstDelay { get; init; } = TimeSpan.Zero;

    /// <summary>
    /// The wait after the first failure in a row; it doubles with each further failure up to
    /// <see cref="MaxBackoff"/>. Default: null, the <see cref="Interval"/>.
    /// </summary>
    public TimeSpan? Backoff { get; init; }

    /// <summary>The longest wait after failures in a row. Default: null, four times the first backoff.</summary>
    public TimeSpan? MaxBackoff { get; init; }

    /// <summary>After this many failures in a row the loop gives up and ends. Default: null, never.</summary>
    public int? MaxFailures { get; init; }

    /// <summary>
    /// The most each wait is lengthened by, at random, so that silos started together do not act in step.
    /// Default: none.
    /// </summary>
    public TimeSpan Jitter { get; init; } = TimeSpan.Zero;

    /// <summary>
    /// Tells a failure nobody foresaw (a bug, malformed stored data) from an expected one (Redis or the cluster away):
    /// an unforeseen failure is logged as an error rather than a warning, and is followed by
    /// <see cref="UnforeseenBackoff"/> rather than the doubling backoff. Default: null, every failure is expected.
    /// </summary>
    public Func<Exception, bool>? IsUnforeseen { get; init; }

    /// <summary>The wait after an unforeseen failure (see <see cref="IsUnforeseen"/>). Default: null, the same backoff as an expected one.</summary>
    public TimeSpan? UnforeseenBackoff { get; init; }
}
