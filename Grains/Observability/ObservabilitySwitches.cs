using Microsoft.Extensions.Configuration;

namespace JobScheduler.Grains.Observability;

/// <summary>
/// <see cref="MetricsOptions.Enabled"/> and <see cref="TracingOptions.Enabled"/> read from the configuration while the
/// host is being built, because they decide what is registered (the OpenTelemetry pipelines, Orleans' activity
/// propagation). A value that is not a boolean stops the process with the key named.
/// </summary>
public static class ObservabilitySwitches
{
    /// <summary>Whether <c>Scheduler:Metrics:Enabled</c> is true (the default) in <paramref name="configuration"/>.</summary>
    public static bool MetricsEnabled(IConfiguration configuration) =>
        configuration.GetValue($"{MetricsOptions.SectionName}:{nameof(MetricsOptions.Enabled)}", true);

    /// <summary>Whether <c>Scheduler:Metrics:IncludeOrleans</c> is true (the default) in <paramref name="configuration"/>.</summary>
    public static bool OrleansMetersIncluded(IConfiguration configuration) =>
        configuration.GetValue($"{MetricsOptions.SectionName}:{nameof(MetricsOptions.IncludeOrleans)}", true);

    /// <summary>Whether <c>Scheduler:Metrics:Detailed</c> is true (default false) in <paramref name="configuration"/>.</summary>
    public static bool DetailedMetrics(IConfiguration configuration) =>
        configuration.GetValue($"{MetricsOptions.SectionName}:{nameof(MetricsOptions.Detailed)}", false);

    /// <summary>
    /// Whether traces leave the process: <c>Scheduler:Tracing:Enabled</c> and an OTLP endpoint
    /// (<c>Scheduler:Metrics:OtlpEndpoint</c>). Without one the tracing pipeline is not built at all: it would sample
    /// nothing, yet listening to ASP.NET Core's and Orleans' activity sources costs CPU on every request and grain call.
    /// </summary>
    public static bool TracesExported(IConfiguration configuration) =>
        TracingEnabled(configuration) && !string.IsNullOrWhiteSpace(configuration[$"{MetricsOptions.SectionName}:{nameof(MetricsOptions.OtlpEndpoint)}"]);

    /// <summary>Whether <c>Scheduler:Tracing:Enabled</c> is true (the default) in <paramref name="configuration"/>.</summary>
    public static bool TracingEnabled(IConfiguration configuration) =>
        configuration.GetValue($"{TracingOptions.SectionName}:{nameof(TracingOptions.Enabled)}", true);
}
