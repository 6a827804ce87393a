namespace JobScheduler.Client.Api.Shutdown;

/// <summary>How an API process stops (SIGTERM) without failing a request (<c>Scheduler:Api:Shutdown</c>).</summary>
public sealed class ShutdownOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Scheduler:Api:Shutdown";

    /// <summary>
    /// How long after SIGTERM the process still serves every request while <c>/health/ready</c> answers 503, so that a
    /// load balancer (or Kubernetes' endpoints) stops sending to it first. Default: 5 seconds in cluster mode, 0 in
    /// embedded mode (one process, nothing in front to tell). 0 to 5 minutes.
    /// </summary>
    public TimeSpan ReadinessDelay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// After <see cref="ReadinessDelay"/> new requests get 503 with <c>Retry-After</c> (and <c>Connection: close</c>), and
    /// the requests already admitted get this long to finish; event and log streams are ended then, and their clients
    /// resume elsewhere (<c>Last-Event-ID</c>). Default: 10 seconds. 0 to 5 minutes.
    /// </summary>
    public TimeSpan RequestDrainTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// The time the host keeps after the request drain to stop its Orleans client and web server; <c>HostOptions.ShutdownTimeout</c>
    /// is raised to at least <see cref="ReadinessDelay"/> + <see cref="RequestDrainTimeout"/> + this.
    /// </summary>
    public static readonly TimeSpan ShutdownAllowance = TimeSpan.FromSeconds(15);
}
