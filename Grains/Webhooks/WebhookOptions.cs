namespace JobScheduler.Grains.Webhooks;

/// <summary>How webhook deliveries are made and kept (configuration section <see cref="SectionName"/>).</summary>
public sealed class WebhookOptions
{
    /// <summary>The configuration section: <c>Scheduler:Webhooks</c>.</summary>
    public const string SectionName = "Scheduler:Webhooks";

    /// <summary>How long a delivery is retried before it is dead-lettered (default 24 hours).</summary>
    public TimeSpan RetryWindow { get; set; } = TimeSpan.FromHours(24);

    /// <summary>The delay after the first failed attempt (default 5 seconds); it doubles with each further failure.</summary>
    public TimeSpan InitialRetryDelay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The longest delay between two attempts (default 1 hour).</summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromHours(1);

    /// <summary>
    /// How often each silo looks for new events and due deliveries when it found none (default 1 second). An event
    /// appended on a silo wakes that silo's dispatcher at once, so this bounds only what no signal announces: events
    /// taken over from a dead silo, a retry coming due, a sharded log's events that were still settling.
    /// </summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How long an event read by a silo may stay unacknowledged before another silo takes it over (default 30 seconds), and
    /// how long a silo holds a delivery it is attempting before another may attempt it (twice this, at least the outbound
    /// timeout): what a dead silo's work waits before it moves on.
    /// </summary>
    public TimeSpan ClaimAfter { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Deliveries attempted at once by one silo (default 16).</summary>
    public int Concurrency { get; set; } = 16;

    /// <summary>Deliveries kept in each subscription's log (default 1,000; older ones are dropped).</summary>
    public int LogLength { get; set; } = 1000;

    /// <summary>How long a delivery's record is kept after its last change (default 7 days).</summary>
    public TimeSpan LogRetention { get; set; } = TimeSpan.FromDays(7);

    /// <summary>The most subscriptions (default 1,000).</summary>
    public int MaxSubscriptions { get; set; } = 1000;
}
