using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using Orleans;
using Orleans.Runtime;

namespace JobScheduler.Grains.Observability;

/// <summary>
/// Registers <see cref="SchedulerMetrics"/> and the OpenTelemetry pipeline that exports it. The HTTP half (the Prometheus
/// exporter behind <c>/metrics</c>, ASP.NET Core's request spans) belongs to the hosts, which serve HTTP: this library
/// does not reference ASP.NET Core.
/// </summary>
public static class SchedulerMetricsServiceCollectionExtensions
{
    /// <summary>The path Prometheus scrapes.</summary>
    public const string MetricsPath = "/metrics";

    /// <summary>The meter Orleans records its own instruments on (grain calls, messaging, membership, ...).</summary>
    public const string OrleansMeterName = "Microsoft.Orleans";

    /// <summary>Orleans' activity source for grain calls made by application code (with activity propagation on).</summary>
    public const string OrleansApplicationSourceName = "Microsoft.Orleans.Application";

    /// <summary>Orleans' activity source for its runtime's own calls.</summary>
    public const string OrleansRuntimeSourceName = "Microsoft.Orleans.Runtime";

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
    /// Collects the <c>JobScheduler</c>, Orleans (unless <c>Scheduler:Metrics:IncludeOrleans</c> is false), ASP.NET Core
    /// and .NET runtime meters (without the per-message and per-request instruments nothing reads unless
    /// <c>Scheduler:Metrics:Detailed</c> is true) with OpenTelemetry, pushes them over OTLP when an endpoint is configured,
    /// and then also traces the <c>JobScheduler</c> and Orleans activity sources; each unless switched off in
    /// <paramref name="configuration"/> (<c>Scheduler:Metrics:Enabled</c>, <c>Scheduler:Tracing:Enabled</c>).
    /// A host adds the Prometheus exporter and its own request instrumentation to the providers built here
    /// (<c>ConfigureOpenTelemetryMeterProvider</c>/<c>ConfigureOpenTelemetryTracerProvider</c>), which exist only when
    /// switched on. Safe to call more than once.
    /// </summary>
    public static IServiceCollection AddSchedulerMetricsExport(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddSchedulerMetrics();
        if (services.Any(d => d.ServiceType == typeof(MetricsExportMarker)))
            return services;
        services.AddSingleton<MetricsExportMarker>();
        AddMetricsOptions(services);
        // The switches decide what is registered: each options class bound once, here, before the container exists.
        var metricsOptions = ObservabilitySwitches.Metrics(configuration);
        var tracingOptions = ObservabilitySwitches.Tracing(configuration);
        var metricsOn = metricsOptions.Enabled;
        if (tracingOptions.Enabled)
        {
            // Every log entry written inside an activity carries its trace and span ids in its scope.
            services.Configure<LoggerFactoryOptions>(o =>
                o.ActivityTrackingOptions = ActivityTrackingOptions.TraceId | ActivityTrackingOptions.SpanId | ActivityTrackingOptions.ParentId);
        }
        // Traces go where metrics are pushed: without an OTLP endpoint no tracing pipeline is built, since it would sample
        // nothing yet still listen to every request's and grain call's activities (see docs/observability.md, Overhead).
        var tracesExported = ObservabilitySwitches.TracesExported(metricsOptions, tracingOptions);
        if (!metricsOn && !tracesExported)
            return services;
        var telemetry = services.AddOpenTelemetry();
        if (metricsOn)
        {
            string[] meters = metricsOptions.IncludeOrleans
                ? [SchedulerMetrics.MeterName, OrleansMeterName]
                : [SchedulerMetrics.MeterName];
            var detailed = metricsOptions.Detailed;
            telemetry.WithMetrics(metrics =>
            {
                metrics.AddMeter(meters);
                // ASP.NET Core publishes its metrics on meters of its own; naming them is all its instrumentation does.
                if (detailed)
                {
                    metrics.AddMeter(HotPathInstruments.AllAspNetCoreMeters);
                }
                else
                {
                    // Only the meters something reads, and none of Orleans' per-message instruments: each would be
                    // recorded on every grain call, message or request (see HotPathInstruments, MetricsOptions.Detailed).
                    metrics.AddMeter(HotPathInstruments.AspNetCoreMeters);
                    foreach (var instrument in HotPathInstruments.OrleansDropped)
                        metrics.AddView(instrument, MetricStreamConfiguration.Drop);
                }
                metrics.AddRuntimeInstrumentation()
                    .AddProcessInstrumentation();
            });
            // Read when the provider is built, so the configuration a host (or a test) adds late still counts.
            services.ConfigureOpenTelemetryMeterProvider((provider, builder) =>
            {
                if (OtlpReader(provider.GetRequiredService<IOptions<MetricsOptions>>().Value) is { } reader)
                    builder.AddReader(reader);
            });
        }
        if (tracesExported)
        {
            telemetry.WithTracing(tracing => tracing
                .AddSource(SchedulerTracing.SourceName, OrleansApplicationSourceName, OrleansRuntimeSourceName));
            services.ConfigureOpenTelemetryTracerProvider((provider, builder) =>
            {
                var options = provider.GetRequiredService<IOptions<MetricsOptions>>().Value;
                if (OtlpTraces(options) is { } exporter)
                    builder.SetSampler(new ParentBasedSampler(new AlwaysOnSampler())).AddProcessor(new BatchActivityExportProcessor(exporter));
                else
                    builder.SetSampler(new AlwaysOffSampler());
            });
        }
        return services;
    }

    private static void AddMetricsOptions(IServiceCollection services)
    {
        if (services.Any(d => d.ServiceType == typeof(MetricsOptionsMarker)))
            return;
        services.AddSingleton<MetricsOptionsMarker>();
        services.AddOptions<MetricsOptions>().BindConfiguration(MetricsOptions.SectionName).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<MetricsOptions>, MetricsOptionsValidator>());
        services.AddOptions<TracingOptions>().BindConfiguration(TracingOptions.SectionName).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TracingOptions>, TracingOptionsValidator>());
    }

    /// <summary>
    /// The OTLP trace exporter for <see cref="MetricsOptions.OtlpEndpoint"/>: the same collector; over HTTP a metrics
    /// path (<c>/v1/metrics</c>) becomes the traces path (<c>/v1/traces</c>).
    /// </summary>
    internal static OtlpTraceExporter? OtlpTraces(MetricsOptions options)
    {
        if (options.OtlpEndpoint is not { } endpoint)
            return null;
        if (options.OtlpProtocol == OtlpTransport.HttpProtobuf && endpoint.AbsolutePath.EndsWith("/v1/metrics", StringComparison.Ordinal))
            endpoint = new UriBuilder(endpoint) { Path = endpoint.AbsolutePath[..^"/v1/metrics".Length] + "/v1/traces" }.Uri;
        return new OtlpTraceExporter(new OtlpExporterOptions
        {
            Endpoint = endpoint,
            Protocol = options.OtlpProtocol == OtlpTransport.HttpProtobuf ? OtlpExportProtocol.HttpProtobuf : OtlpExportProtocol.Grpc,
        });
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
