using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Orleans.Configuration;

namespace JobScheduler.Grains.Hosting;

/// <summary>Where a silo listens, from <see cref="SiloEndpointOptions"/> (<c>Scheduler:Silo</c>).</summary>
public static class SiloEndpointExtensions
{
    /// <summary>Binds <see cref="SiloEndpointOptions"/>, validated at start: a bad port or address stops the process naming its key. Safe to call twice.</summary>
    public static IServiceCollection AddSiloEndpointOptions(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        if (services.Any(d => d.ServiceType == typeof(IValidateOptions<SiloEndpointOptions>)))
            return services;
        services.AddOptions<SiloEndpointOptions>().BindConfiguration(SiloEndpointOptions.SectionName).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SiloEndpointOptions>, SiloEndpointOptionsValidator>());
        return services;
    }

    /// <summary>
    /// Listens on <see cref="SiloEndpointOptions.SiloPort"/> and <see cref="SiloEndpointOptions.GatewayPort"/> and
    /// advertises <see cref="SiloEndpointOptions.AdvertisedAddress"/> (Orleans' <see cref="EndpointOptions"/>).
    /// </summary>
    public static ISiloBuilder UseConfiguredEndpoints(this ISiloBuilder silo)
    {
        ArgumentNullException.ThrowIfNull(silo);
        silo.Services.AddSiloEndpointOptions();
        silo.Services.AddOptions<EndpointOptions>().Configure<IOptions<SiloEndpointOptions>>((o, configured) =>
        {
            var endpoints = configured.Value;
            // An address that does not parse is reported by the validator at start, naming its key, before Orleans
            // would use it; parsing here must not throw a nameless FormatException first.
            o.AdvertisedIPAddress = IPAddress.TryParse(endpoints.AdvertisedAddress, out var address) ? address : IPAddress.Loopback;
            o.SiloPort = endpoints.SiloPort;
            o.GatewayPort = endpoints.GatewayPort;
        });
        return silo;
    }
}
