namespace JobScheduler.Grains.Observability;

/// <summary>Where metrics go besides <c>/metrics</c> (<c>Scheduler:Metrics</c>).</summary>
public sealed class MetricsOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Scheduler:Metrics";

    /// <summary>
    /// Whether the process collects and serves metrics: the <c>JobScheduler</c>, Orleans, ASP.NET Core, runtime and process
    /// meters, <c>/metrics</c> and the OTLP push. Off: <c>/metrics</c> answers 404, no OTLP push of metrics, the silo's
    /// queue-depth sampler does not run, and recording on an instrument nobody listens to is a no-op. Default: true.
    /// </summary>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// Whether Orleans' own meter (<c>Microsoft.Orleans</c>: grain calls, messaging, activations, storage, directory;
    /// <c>orleans_*</c>) is collected with the scheduler's. Off: its instruments record nothing and are not served,
    /// which saves the per-message and per-activation recording on a busy silo. Default: true.
    /// </summary>
    public bool IncludeOrleans { get; set; } = true;

    /// <summary>
    /// Whether the per-message and per-request instruments that no shipped dashboard, alert or doc reads are collected too:
    /// Orleans' messaging, gateway, grain-call latency, directory-lookup and manifest-lookup instruments (recorded on
    /// every grain call or message) and ASP.NET Core's routing, authentication, authorization, rate-limiting, memory-pool,
    /// Blazor and SignalR meters (recorded on every request or buffer). Off: those instruments are dropped by views, so
    /// their recording sites find no listener and skip the work; Orleans' per-activation, storage, reminder, membership
    /// and gauge instruments, and ASP.NET Core's hosting (<c>http_server_*</c>), Kestrel and diagnostics meters, are
    /// still collected. Default: false.
    /// </summary>
    public bool Detailed { get; set; }

    /// <summary>
    /// An OTLP collector to push metrics to as well, e.g. <c>http://otel-collector:4317</c> (gRPC) or
    /// <c>http://otel-collector:4318/v1/metrics</c> (HTTP). Default: none, no push.
    /// </summary>
    public Uri? OtlpEndpoint { get; set; }

    /// <summary>The OTLP transport: <c>Grpc</c> or <c>HttpProtobuf</c>. Default: <c>Grpc</c>.</summary>
    public OtlpTransport OtlpProtocol { get; set; } = OtlpTransport.Grpc;

    /// <summary>How often metrics are pushed to <see cref="OtlpEndpoint"/>. Default: 60 seconds.</summary>
    public TimeSpan OtlpExportInterval { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// How often each silo reads the index's counts by queue and state for <c>jobscheduler_queue_depth</c> (one Redis
    /// call for the queue names and one per queue). Default: 15 seconds; 1 second to 1 hour.
    /// </summary>
    public TimeSpan QueueDepthInterval { get; set; } = TimeSpan.FromSeconds(15);
}
