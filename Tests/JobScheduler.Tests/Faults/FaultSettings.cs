namespace JobScheduler.Tests.Faults;

/// <summary>
/// Configuration of the clusters the fault tests start: short leases and fast failure detection, so that recovery
/// from a lost silo fits a test's time budget. The README quotes recovery times measured with these settings.
/// </summary>
public static class FaultSettings
{
    /// <summary>Lease of a running attempt (<c>Scheduler:Leases:Duration</c>; the product default is 30 s).</summary>
    public static readonly TimeSpan Lease = TimeSpan.FromSeconds(10);

    /// <summary>Worker heartbeat (<c>Scheduler:Leases:HeartbeatInterval</c>; default 5 s).</summary>
    public static readonly TimeSpan Heartbeat = TimeSpan.FromSeconds(2);

    /// <summary>How often each silo sweeps overdue deadlines (<c>Scheduler:Deadlines:SweepInterval</c>).</summary>
    public static readonly TimeSpan SweepInterval = TimeSpan.FromSeconds(2);

    /// <summary>Worker slots per silo.</summary>
    public const int WorkerSlots = 4;

    /// <summary>Silos per fault cluster.</summary>
    public const int Silos = 3;

    /// <summary>
    /// How late the scheduler may notice an expired lease: one sweep, one poll of the test, and some slack for
    /// a 2-core machine running three silos and the containers.
    /// </summary>
    public static readonly TimeSpan LeaseSlack = TimeSpan.FromSeconds(5);

    /// <summary>The settings as environment variables for every process of a fault cluster.</summary>
    public static IReadOnlyDictionary<string, string> Environment(TimeSpan? lease = null) => new Dictionary<string, string>
    {
        ["Scheduler__Leases__Duration"] = (lease ?? Lease).ToString("c"),
        ["Scheduler__Leases__HeartbeatInterval"] = Heartbeat.ToString("c"),
        ["Scheduler__Deadlines__SweepInterval"] = SweepInterval.ToString("c"),
        // Failure detection in a few seconds instead of Orleans' default of about a minute.
        ["Scheduler__Membership__ProbeTimeout"] = "00:00:01",
        ["Scheduler__Membership__NumMissedProbesLimit"] = "2",
        ["Scheduler__Membership__NumProbedSilos"] = "2",
        ["Scheduler__Membership__NumVotesForDeathDeclaration"] = "1",
        ["Scheduler__Membership__DeathVoteExpirationTimeout"] = "00:00:10",
        ["Scheduler__Membership__IAmAliveTablePublishTimeout"] = "00:00:05",
        ["Scheduler__Membership__TableRefreshTimeout"] = "00:00:02",
    };

    /// <summary>A one-line summary for test output, so measured times are quoted with their settings.</summary>
    public static string Describe(TimeSpan? lease = null) =>
        $"lease {(lease ?? Lease).TotalSeconds:0} s, heartbeat {Heartbeat.TotalSeconds:0} s, sweep {SweepInterval.TotalSeconds:0} s, " +
        $"probe timeout 1 s, missed probes 2, probed silos 2, votes for death 1, {Silos} silos x {WorkerSlots} slots";
}
