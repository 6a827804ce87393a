using JobScheduler.Client.Api.Health;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace JobScheduler.Client.Api.Shutdown;

/// <summary>Wires the API's graceful stop (<see cref="ShutdownGate"/>).</summary>
public static class ShutdownExtensions
{
    /// <summary>Seconds a client should wait before retrying a request refused while this process stops.</summary>
    public const int RetryAfterSeconds = 1;

    /// <summary>Registers the gate, its options, its readiness check, and a host shutdown timeout that covers it. Safe to call twice.</summary>
    public static IServiceCollection AddApiShutdown(this IServiceCollection services)
    {
        if (services.Any(d => d.ServiceType == typeof(ShutdownGate)))
            return services;
        services.AddOptions<ShutdownOptions>().BindConfiguration(ShutdownOptions.SectionName).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ShutdownOptions>, ShutdownOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<ShutdownGate>();
        services.AddHostedService(sp => sp.GetRequiredService<ShutdownGate>());
        services.AddHealthChecks().AddCheck<ShutdownHealthCheck>("shutdown", tags: [HealthEndpoints.ReadyTag]);
        services.AddOptions<HostOptions>().PostConfigure<IOptions<ShutdownOptions>>((host, shutdown) =>
        {
            var needed = shutdown.Value.ReadinessDelay + shutdown.Value.RequestDrainTimeout + ShutdownOptions.ShutdownAllowance;
            if (host.ShutdownTimeout < needed)
                host.ShutdownTimeout = needed;
        });
        return services;
    }

    /// <summary>
    /// Admits requests through the gate: once it is closed they get 503 with <c>Retry-After</c> and <c>Connection: close</c>.
    /// Streams (event streams, WebSockets) are not waited for; they end when the drain is over. Health probes always pass.
    /// </summary>
    public static IApplicationBuilder UseApiShutdown(this IApplicationBuilder app)
    {
        var gate = app.ApplicationServices.GetRequiredService<ShutdownGate>();
        return app.Use(async (context, next) =>
        {
            if (context.Request.Path.StartsWithSegments("/health"))
            {
                await next(context);
                return;
            }
            if (!gate.TryEnter())
            {
                context.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
                context.Response.Headers.Connection = "close";
                await TypedResults.Problem(
                    statusCode: StatusCodes.Status503ServiceUnavailable,
                    title: "This API process is stopping.",
                    detail: $"Retry after {RetryAfterSeconds} second(s), or at another API process; nothing was done.").ExecuteAsync(context);
                return;
            }
            if (!IsStream(context))
            {
                try
                {
                    await next(context);
                }
                finally
                {
                    gate.Leave();
                }
                return;
            }
            gate.Leave();
            var aborted = context.RequestAborted;
            using var ends = CancellationTokenSource.CreateLinkedTokenSource(aborted, gate.StreamsEnd);
            context.RequestAborted = ends.Token;
            try
            {
                await next(context);
            }
            finally
            {
                context.RequestAborted = aborted;
            }
        });
    }

    private static bool IsStream(HttpContext context) =>
        context.WebSockets.IsWebSocketRequest
        || context.GetEndpoint()?.Metadata.GetOrderedMetadata<IProducesResponseTypeMetadata>()
            .Any(m => m.ContentTypes.Contains("text/event-stream", StringComparer.OrdinalIgnoreCase)) == true;
}
