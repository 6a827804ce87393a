namespace JobScheduler.Grains.Observability;

/// <summary>Whether the process traces (<c>Scheduler:Tracing</c>); traces go to <see cref="MetricsOptions.OtlpEndpoint"/>.</summary>
public sealed class TracingOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Scheduler:Tracing";

    /// <summary>
    /// Whether the process traces: the <c>JobScheduler</c> activity source, Orleans' activity propagation across grain
    /// calls, ASP.NET Core's request spans, trace ids in log scopes and the OTLP export of traces. Off: no activity is
    /// created and grain calls carry no trace context. On without an OTLP endpoint, nothing is sampled. Default: true.
    /// </summary>
    public bool Enabled { get; set; } = true;
}
