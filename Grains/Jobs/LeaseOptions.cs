namespace JobScheduler.Grains.Jobs;

/// <summary>
/// How long a worker holds a running attempt without renewing it (<c>Scheduler:Leases</c>). A silo that
/// dies, freezes or is cut off stops renewing; its attempts fail with <c>lease-lost</c> after about one
/// <see cref="Duration"/> and are retried elsewhere.
/// </summary>
public sealed class LeaseOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Scheduler:Leases";

    /// <summary>Lease length: the longest a lost worker goes unnoticed. Default: 30 seconds.</summary>
    public TimeSpan Duration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often a worker renews each running attempt; at most half the duration. Default: 5 seconds.</summary>
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(5);
}
