using Microsoft.Extensions.Configuration;
using Orleans.Configuration;

namespace JobScheduler.Grains.Hosting;

/// <summary>
/// The cluster's identity, shared by silos and clients: <c>Scheduler:Cluster:ClusterId</c> and
/// <c>Scheduler:Cluster:ServiceId</c>, both <c>jobscheduler</c> by default. The service id also
/// prefixes Orleans' keys in Redis.
/// </summary>
public static class ClusterIdentity
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Scheduler:Cluster";

    /// <summary>The default cluster and service id.</summary>
    public const string DefaultId = "jobscheduler";

    /// <summary>Applies the configured identity to Orleans' <see cref="ClusterOptions"/>.</summary>
    public static void Apply(ClusterOptions options, IConfiguration configuration)
    {
        options.ClusterId = configuration[$"{SectionName}:ClusterId"] ?? DefaultId;
        options.ServiceId = configuration[$"{SectionName}:ServiceId"] ?? DefaultId;
    }
}
