using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Polly;

namespace JobScheduler.Grains.Outbound;

/// <summary>Registers the outbound-HTTP guard (<see cref="OutboundHttp"/>) and its two named clients. Safe to call twice.</summary>
public static class OutboundServiceCollectionExtensions
{
    /// <summary>Adds <see cref="OutboundOptions"/> (validated at start), the guarded clients and <see cref="OutboundHttp"/>.</summary>
    public static IServiceCollection AddOutboundHttp(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        if (services.Any(d => d.ServiceType == typeof(OutboundHttp)))
            return services;
        services.AddOptions<OutboundOptions>().BindConfiguration(OutboundOptions.SectionName).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<OutboundOptions>, OutboundOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<OutboundHttp>();

        services.AddHttpClient(OutboundHttp.ClientName, ConfigureClient)
            .ConfigurePrimaryHttpMessageHandler(sp => OutboundConnector.CreateHandler(sp.GetRequiredService<IOptions<OutboundOptions>>().Value));
        services.AddHttpClient(OutboundHttp.RetryingClientName, ConfigureClient)
            .ConfigurePrimaryHttpMessageHandler(sp => OutboundConnector.CreateHandler(sp.GetRequiredService<IOptions<OutboundOptions>>().Value))
            .AddResilienceHandler("outbound-retry", (pipeline, context) =>
            {
                var options = context.ServiceProvider.GetRequiredService<IOptions<OutboundOptions>>().Value;
                if (options.MaxRetryAttempts == 0)
                    return;
                pipeline.AddRetry(new HttpRetryStrategyOptions
                {
                    MaxRetryAttempts = options.MaxRetryAttempts,
                    BackoffType = DelayBackoffType.Exponential,
                    UseJitter = true,
                    Delay = TimeSpan.FromMilliseconds(200),
                    // A refusal by the guard is final: retrying cannot make a private address public.
                    ShouldHandle = args => ValueTask.FromResult(
                        HttpClientResiliencePredicates.IsTransient(args.Outcome)
                        && args.Outcome.Exception?.InnerException is not OutboundRefusedException),
                });
            });
        return services;
    }

    // The guard bounds each request with its own timeout; the client's must not cut in first.
    private static void ConfigureClient(HttpClient client) => client.Timeout = Timeout.InfiniteTimeSpan;
}
