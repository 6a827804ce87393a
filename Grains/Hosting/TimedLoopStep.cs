namespace JobScheduler.Grains.Hosting;

/// <summary>What a <see cref="TimedLoop"/> iteration asks for next.</summary>
public enum TimedLoopStep
{
    /// <summary>Wait the interval (or a wake-up), then run again.</summary>
    Wait,

    /// <summary>Run again at once: there is more work than one iteration took.</summary>
    Again,

    /// <summary>The loop's work is done; it ends.</summary>
    Done,
}
