namespace JobScheduler.Grains.Workers;

/// <summary>The per-silo worker (<c>Scheduler:Worker</c>).</summary>
public sealed class WorkerOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Scheduler:Worker";

    /// <summary>
    /// How many containers this silo runs at once (0 to 1024; 0 runs no containers). Default: null, automatic: <see cref="SlotsPerEngineCpu"/>
    /// times the CPUs of the Docker engine the worker starts containers on (<c>docker info</c>'s <c>NCPU</c>), clamped
    /// to 1..256, or times the silo's own CPUs when the engine does not answer at start (see <see cref="WorkerSlots"/>).
    /// A value set here always wins.
    /// </summary>
    public int? Slots { get; set; }

    /// <summary>
    /// The slots per CPU of the engine when <see cref="Slots"/> is not set (1 to 64). Default: 2: a short container's life is
    /// mostly the engine's create, start and remove calls and the scheduler's claim and report, which a second slot per
    /// CPU overlaps.
    /// </summary>
    public int SlotsPerEngineCpu { get; set; } = 2;

    /// <summary>
    /// How often a worker with a free slot polls the queues it knows even without a nudge, so a
    /// nudge lost with a dying queue activation delays work by at most this. Default: 1 second.
    /// </summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long the worker keeps retrying to report a result the cluster could not take. Default: 2 minutes.</summary>
    public TimeSpan ReportRetryLimit { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>How often the worker looks for stale containers left by dead silos. Default: 10 seconds.</summary>
    public TimeSpan OrphanSweepInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Whether this worker also removes its cluster's containers whose silo is not in the membership at all. Right
    /// only where no other silo can be missing from this silo's view: embedded mode, whose membership lives in the
    /// process, so a restarted process never learns that its earlier self died. The embedded host sets it; a Redis
    /// cluster must not (a silo that just joined is missing from a stale view). Default: false.
    /// </summary>
    public bool RemoveContainersOfUnknownSilos { get; set; }

    /// <summary>
    /// How many lines one log follower (<c>GET /api/v1/jobs/{id}/logs?follow=true</c>) may lag behind a running container
    /// before it is dropped, so that a slow reader never slows the container's output. Default: 4096 (1 to 1,000,000).
    /// </summary>
    public int LogFollowBuffer { get; set; } = 4096;

    /// <summary>
    /// How long a graceful stop (SIGTERM) lets the running attempts finish before it kills them. The worker takes no new
    /// work from the moment the stop begins; what still runs at the end is killed, reported as <c>worker-stopped</c> and
    /// retried by the job's policy on another silo. The host's shutdown timeout is raised to cover it (see
    /// <see cref="ShutdownAllowance"/>). Default: 30 seconds (0 to 24 hours; 0 kills at once). Embedded mode, whose
    /// state dies with the process, defaults to 0.
    /// </summary>
    public TimeSpan DrainTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The time a stopping silo keeps after the drain to kill what still runs, report it and leave the cluster; the host's
    /// <c>HostOptions.ShutdownTimeout</c> is raised to at least <see cref="DrainTimeout"/> plus this.
    /// </summary>
    public static readonly TimeSpan ShutdownAllowance = TimeSpan.FromSeconds(30);
}
