using JobScheduler.Client.Api.DeadLetters;
using JobScheduler.Client.Api.Events;
using JobScheduler.Client.Api.Health;
using JobScheduler.Client.Api.Http;
using JobScheduler.Client.Api.Jobs;
using JobScheduler.Client.Api.Keys;
using JobScheduler.Client.Api.Security;
using JobScheduler.Client.Api.Shutdown;
using JobScheduler.Client.Api.Queues;
using JobScheduler.Client.Api.Workers;
using JobScheduler.Client.Api.Schedules;
using JobScheduler.Client.Api.Workflows;
using JobScheduler.Client.Api.Webhooks;
using JobScheduler.Grains.Outbound;
using JobScheduler.Grains.Interfaces;
using JobScheduler.Grains.Observability;
using JobScheduler.Hosting;
using Microsoft.OpenApi;
using Scalar.AspNetCore;

namespace JobScheduler.Client.Api.Hosting;

/// <summary>Wires the HTTP API: JSON rules, problem responses, OpenAPI and its reference page, health probes, routes.</summary>
public static class ApiExtensions
{
    private const string MappedKey = "JobScheduler.Client.Api.SchedulerApiMapped";
    private const string BearerScheme = "Bearer";

    /// <summary>Registers the API's services. Safe to call more than once.</summary>
    public static WebApplicationBuilder AddSchedulerApi(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        if (services.Any(d => d.ServiceType == typeof(SchedulerApiMarker)))
            return builder;
        services.AddSingleton<SchedulerApiMarker>();

        services.ConfigureHttpJsonOptions(options => ApiJson.Configure(options.SerializerOptions));
        services.AddProblemDetails();
        services.AddExceptionHandler<ProblemExceptionHandler>();
        services.AddHealthChecks();
        services.AddApiShutdown();
        services.AddSchedulerTelemetry(builder.Configuration);
        // One reader of the event log per process, shared by every stream client.
        services.AddSingleton<EventHub>();
        services.AddHostedService(sp => sp.GetRequiredService<EventHub>());
        builder.AddSchedulerSecurity();
        // The same rules the silos post under, so a URL they would refuse is a 400 at creation.
        services.AddOptions<OutboundOptions>().BindConfiguration(OutboundOptions.SectionName);
        services.AddOpenApi(options => options.AddDocumentTransformer((document, _, _) =>
        {
            document.Info = new OpenApiInfo
            {
                Title = "JobScheduler API",
                Version = "v1",
                Description = "Submit, follow, list, cancel and requeue Docker container jobs; list, delete and requeue dead letters; " +
                    "configure, pause and inspect queues; list and drain workers; cron schedules; DAG workflows; API keys; a live stream of job, schedule and workflow events; signed webhooks on job events. Errors are RFC 9457 problem documents. " +
                    "Every endpoint needs `Authorization: Bearer <key>` (an API key or a JWT) with the scope it names (read, submit, operate, admin; metrics for /metrics); " +
                    "without one the answer is 401, without the scope 403.",
            };
            // Lets the reference at /docs send a key with its requests ("Authorize").
            document.Components ??= new OpenApiComponents();
            document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
            document.Components.SecuritySchemes[BearerScheme] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                Description = "An API key (jsk_…) or a JWT.",
            };
            document.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(BearerScheme, document)] = [] }];
            return Task.CompletedTask;
        }));
        return builder;
    }

    /// <summary>Maps the API's middleware and endpoints. Safe to call more than once.</summary>
    public static WebApplication MapSchedulerApi(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        if (!((IApplicationBuilder)app).Properties.TryAdd(MappedKey, true))
            return app;

        // First, so that a stopping process refuses new requests before anything else looks at them.
        app.UseApiShutdown();
        app.UseExceptionHandler();
        // Gives framework-generated errors (unknown route, wrong method) a problem body too.
        app.UseStatusCodePages();
        app.UseSchedulerSecurity();

        // The reference and liveness are open; everything else needs a principal (the fallback policy).
        app.MapOpenApi().AllowAnonymous();
        app.MapScalarApiReference("/docs", options => options
            .WithTitle("JobScheduler API")
            .WithOpenApiRoutePattern("/openapi/{documentName}.json")).AllowAnonymous();
        app.MapHealthEndpoints();
        // Prometheus scrapes with a key of its own that holds the metrics scope.
        app.MapSchedulerMetrics().RequireScope(ApiScopes.Metrics);
        app.MapKeysApi();
        app.MapJobsApi();
        app.MapDeadLettersApi();
        app.MapQueuesApi();
        app.MapWorkersApi();
        app.MapWorkflowsApi();
        app.MapSchedulesApi();
        app.MapEventsApi();
        app.MapWebhooksApi();
        return app;
    }

    // Registered once so a second AddSchedulerApi call can see the first.
    private sealed class SchedulerApiMarker;
}
