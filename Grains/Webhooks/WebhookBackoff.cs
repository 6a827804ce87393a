namespace JobScheduler.Grains.Webhooks;

/// <summary>
/// When a failed delivery is attempted again: exponential backoff from <see cref="WebhookOptions.InitialRetryDelay"/>,
/// capped at <see cref="WebhookOptions.MaxRetryDelay"/>, with full jitter in [50 %, 100 %]; null once the next attempt would
/// fall outside the retry window (the delivery is dead-lettered).
/// </summary>
public static class WebhookBackoff
{
    /// <summary>The next attempt's time after failed attempt number <paramref name="attempts"/> (1-based), or null to dead-letter.</summary>
    /// <param name="attempts">Attempts made in the window so far.</param>
    /// <param name="windowStart">When the window began.</param>
    /// <param name="now">Now.</param>
    /// <param name="options">The delays and the window.</param>
    /// <param name="jitter">A sample in [0, 1).</param>
    public static DateTimeOffset? NextAttempt(int attempts, DateTimeOffset windowStart, DateTimeOffset now, WebhookOptions options, double jitter)
    {
        ArgumentNullException.ThrowIfNull(options);
        var exponent = Math.Clamp(attempts - 1, 0, 40);
        var raw = options.InitialRetryDelay.TotalMilliseconds * Math.Pow(2, exponent);
        var delay = TimeSpan.FromMilliseconds(Math.Min(raw, options.MaxRetryDelay.TotalMilliseconds) * (0.5 + 0.5 * jitter));
        var next = now + delay;
        return next - windowStart > options.RetryWindow ? null : next;
    }
}
