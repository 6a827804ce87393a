namespace JobScheduler.Client.Api.Hosting;

/// <summary>How the API talks to the silos in cluster mode (<c>Scheduler:Client</c>).</summary>
public sealed class ClusterClientOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Scheduler:Client";

    /// <summary>
    /// Longest the API waits for one grain call. A grain on a silo that froze or died answers nothing until the
    /// cluster declares it dead; past this the API answers 503 with Retry-After instead of holding the request
    /// (Orleans' own default is 30 s). Default: 8 seconds.
    /// </summary>
    public TimeSpan GrainCallTimeout { get; set; } = TimeSpan.FromSeconds(8);

    /// <summary>
    /// How often the API re-reads the live gateways from Redis. A frozen silo keeps its gateway connection open, so
    /// the API stops routing through it only at this refresh (Orleans' own default is 1 minute). Default: 5 seconds.
    /// </summary>
    public TimeSpan GatewayListRefreshPeriod { get; set; } = TimeSpan.FromSeconds(5);
}
