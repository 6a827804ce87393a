using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Orleans.Configuration;

namespace JobScheduler.Grains.Hosting;

/// <summary>
/// The cluster's identity, shared by silos and clients: <c>Scheduler:Cluster:ClusterId</c> and
/// <c>Scheduler:Cluster:ServiceId</c> (<see cref="ClusterIdentityOptions"/>), both <c>jobscheduler</c> by default.
/// The service id also prefixes Orleans' keys in Redis.
/// </summary>
public static class ClusterIdentity
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Scheduler:Cluster";

    /// <summary>The default cluster and service id.</summary>
    public const string DefaultId = "jobscheduler";

    /// <summary>
    /// Binds <see cref="ClusterIdentityOptions"/> (validated at start) and applies them to Orleans'
    /// <see cref="ClusterOptions"/>. Call it after anything else that sets <see cref="ClusterOptions"/> (localhost
    /// clustering does), so that the configured identity wins. Safe to call twice.
    /// </summary>
    public static IServiceCollection AddClusterIdentity(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        if (services.Any(d => d.ServiceType == typeof(IValidateOptions<ClusterIdentityOptions>)))
            return services;
        services.AddOptions<ClusterIdentityOptions>().BindConfiguration(ClusterIdentityOptions.SectionName).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ClusterIdentityOptions>, ClusterIdentityOptionsValidator>());
        services.AddOptions<ClusterOptions>().Configure<IOptions<ClusterIdentityOptions>>((o, identity) =>
        {
            o.ClusterId = identity.Value.ClusterId;
            o.ServiceId = identity.Value.ServiceId;
        });
        return services;
    }
}
