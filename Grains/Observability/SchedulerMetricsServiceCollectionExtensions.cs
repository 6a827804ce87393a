using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using Orleans;
using Orleans.Runtime;

namespace JobScheduler.Grains.Observability;

/// <summary>Registers <see cref="SchedulerMetrics"/> and the OpenTelemetry pipeline that exports it at <c>/metrics</c>.</summary>
public static class SchedulerMetricsServiceCollectionExtensions
{
    /// <summary>The path Prometheus scrapes.</summary>
    public const string MetricsPath = "/metrics";

    /// <summary>The meter Orleans records its own instruments on (grain calls, messaging, membership, ...).</summary>
    public const string OrleansMeterName = "Microsoft.Orleans";

    /// <summary>Registers the <c>JobScheduler</c> instruments (no exporter): what the grains, worker and sweepers record on.</summary>
    public static IServiceCollection AddSchedulerMetrics(this IServiceCollection services)
    {
        services.AddMetrics();
        services.TryAddSingleton<SchedulerMetrics>();
        return services;
    }

    /// <summary>
    /// Registers the silo's <see cref="QueueDepthSampler"/> (a silo lifecycle participant that needs the job index)
    /// with <see cref="MetricsOptions"/> validated at start. Safe to call twice.
    /// </summary>
    public static IServiceCollection AddQueueDepthSampler(this IServiceCollection services)
    {
        services.AddSchedulerMetrics();
        if (services.Any(d => d.ServiceType == typeof(QueueDepthSampler)))
            return services;
        AddMetricsOptions(services);
        services.AddSingleton<QueueDepthSampler>();
        services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(sp => sp.GetRequiredService<QueueDepthSampler>());
        return services;
    }

    /// <summary>
    /// Collects the <c>JobScheduler</c>, Orleans, ASP.NET Core and .NET runtime meters with OpenTelemetry and serves them
    /// in Prometheus text format (map the endpoint with <see cref="MapSchedulerMetrics"/>). Safe to call more than once.
    /// </summary>
    public static IServiceCollection AddSchedulerMetricsExport(this IServiceCollection services)
    {
        services.AddSchedulerMetrics();
        if (services.Any(d => d.ServiceType == typeof(MetricsExportMarker)))
            return services;
        services.AddSingleton<MetricsExportMarker>();
        AddMetricsOptions(services);
        services.AddOpenTelemetry().WithMetrics(metrics => metrics
            .AddMeter(SchedulerMetrics.MeterName, OrleansMeterName)
            .AddAspNetCoreInstrumentation()
            .AddRuntimeInstrumentation()
            .AddProcessInstrumentation()
            .AddPrometheusExporter());
        // Read when the provider is built, so the configuration a host (or a test) adds late still counts.
        services.ConfigureOpenTelemetryMeterProvider((provider, builder) =>
        {
            if (OtlpReader(provider.GetRequiredService<IOptions<MetricsOptions>>().Value) is { } reader)
                builder.AddReader(reader);
        });
        return services;
    }

    /// <summary>Maps <see cref="MetricsPath"/>; the caller decides who may scrape it.</summary>
    public static IEndpointConventionBuilder MapSchedulerMetrics(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapPrometheusScrapingEndpoint(MetricsPath);

    private static void AddMetricsOptions(IServiceCollection services)
    {
        if (services.Any(d => d.ServiceType == typeof(MetricsOptionsMarker)))
            return;
        services.AddSingleton<MetricsOptionsMarker>();
        services.AddOptions<MetricsOptions>().BindConfiguration(MetricsOptions.SectionName).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<MetricsOptions>, MetricsOptionsValidator>());
    }

    private static PeriodicExportingMetricReader? OtlpReader(MetricsOptions options)
    {
        if (options.OtlpEndpoint is not { } endpoint)
            return null;
        var exporter = new OtlpMetricExporter(new OtlpExporterOptions
        {
            Endpoint = endpoint,
            Protocol = options.OtlpProtocol == OtlpTransport.HttpProtobuf ? OtlpExportProtocol.HttpProtobuf : OtlpExportProtocol.Grpc,
        });
        return new PeriodicExportingMetricReader(exporter, (int)options.OtlpExportInterval.TotalMilliseconds);
    }

    // Registered once so a second AddSchedulerMetricsExport call can see the first.
    private sealed class MetricsExportMarker;

    // Registered once so the options are bound once, whichever of the registrations comes first.
    private sealed class MetricsOptionsMarker;
}
