using Microsoft.Extensions.Configuration;

namespace JobScheduler.Grains.Observability;

/// <summary>
/// <see cref="MetricsOptions"/> and <see cref="TracingOptions"/> as the configuration sets them while the host is being
/// built, because they decide what is registered (the OpenTelemetry pipelines, Orleans' activity propagation): each
/// options class bound from its section, as <c>IOptions</c> binds it later. A value that cannot be bound (a switch that is
/// not a boolean) stops the process with the key named.
/// </summary>
public static class ObservabilitySwitches
{
    /// <summary><c>Scheduler:Metrics</c> bound onto <see cref="MetricsOptions"/> (its defaults where unset).</summary>
    public static MetricsOptions Metrics(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return configuration.GetSection(MetricsOptions.SectionName).Get<MetricsOptions>() ?? new MetricsOptions();
    }

    /// <summary><c>Scheduler:Tracing</c> bound onto <see cref="TracingOptions"/> (its defaults where unset).</summary>
    public static TracingOptions Tracing(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return configuration.GetSection(TracingOptions.SectionName).Get<TracingOptions>() ?? new TracingOptions();
    }

    /// <summary>
    /// Whether traces leave the process: <see cref="TracingOptions.Enabled"/> (<c>Scheduler:Tracing:Enabled</c>) and an
    /// OTLP endpoint (<see cref="MetricsOptions.OtlpEndpoint"/>, <c>Scheduler:Metrics:OtlpEndpoint</c>). Without one the
    /// tracing pipeline is not built at all: it would sample nothing, yet listening to ASP.NET Core's and Orleans' activity
    /// sources costs CPU on every request and grain call.
    /// </summary>
    public static bool TracesExported(MetricsOptions metrics, TracingOptions tracing)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        ArgumentNullException.ThrowIfNull(tracing);
        return tracing.Enabled && metrics.OtlpEndpoint is not null;
    }

    /// <summary>Whether <c>Scheduler:Tracing:Enabled</c> is true (the default) in <paramref name="configuration"/>.</summary>
    public static bool TracingEnabled(IConfiguration configuration) => Tracing(configuration).Enabled;
}
