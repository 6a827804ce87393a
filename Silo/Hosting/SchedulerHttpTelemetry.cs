using JobScheduler.Grains.Observability;
using Microsoft.Extensions.Options;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace JobScheduler.Hosting;

/// <summary>
/// The HTTP half of the telemetry pipeline that <see cref="SchedulerMetricsServiceCollectionExtensions.AddSchedulerMetricsExport"/>
/// builds: the Prometheus exporter behind <c>/metrics</c> and ASP.NET Core's request spans. It lives with the hosts,
/// which serve HTTP, so that <c>Grains</c> needs no ASP.NET Core; this one file is compiled into both hosts
/// (<c>Client.Api</c> links it).
/// </summary>
internal static class SchedulerHttpTelemetry
{
    /// <summary>
    /// Registers the scheduler's metrics and traces (<see cref="SchedulerMetricsServiceCollectionExtensions.AddSchedulerMetricsExport"/>)
    /// with a Prometheus exporter and request spans. Safe to call more than once.
    /// </summary>
    public static IServiceCollection AddSchedulerTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSchedulerMetricsExport(configuration);
        if (services.Any(d => d.ServiceType == typeof(HttpTelemetryMarker)))
            return services;
        services.AddSingleton<HttpTelemetryMarker>();
        // Each applies only to a provider that the switches had built: none when metrics or tracing are off.
        services.ConfigureOpenTelemetryMeterProvider(metrics => metrics.AddPrometheusExporter());
        services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddAspNetCoreInstrumentation());
        return services;
    }

    /// <summary>
    /// Maps <see cref="SchedulerMetricsServiceCollectionExtensions.MetricsPath"/>; the caller decides who may scrape it.
    /// With metrics switched off (<c>Scheduler:Metrics:Enabled</c> false) nothing is mapped, so the path answers 404.
    /// </summary>
    public static IEndpointConventionBuilder MapSchedulerMetrics(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        return endpoints.ServiceProvider.GetRequiredService<IOptions<MetricsOptions>>().Value.Enabled
            ? endpoints.MapPrometheusScrapingEndpoint(SchedulerMetricsServiceCollectionExtensions.MetricsPath)
            : new NothingMapped();
    }

    // Registered once so a second call can see the first.
    private sealed class HttpTelemetryMarker;

    // What MapSchedulerMetrics returns when metrics are off: conventions (a scope requirement) apply to no endpoint.
    private sealed class NothingMapped : IEndpointConventionBuilder
    {
        public void Add(Action<EndpointBuilder> convention)
        {
        }
    }
}
