namespace JobScheduler.Grains.Hosting;

/// <summary>
/// The cluster's identity (<c>Scheduler:Cluster</c>), shared by silos and clients: both must agree to find each other.
/// </summary>
public sealed class ClusterIdentityOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = ClusterIdentity.SectionName;

    /// <summary>The cluster's id; silos and clients of one cluster share it. Default: <c>jobscheduler</c>.</summary>
    public string ClusterId { get; set; } = ClusterIdentity.DefaultId;

    /// <summary>
    /// The service's id, which also prefixes Orleans' keys in Redis; it must stay the same across deployments for the
    /// grain state and reminders to be found again. Default: <c>jobscheduler</c>.
    /// </summary>
    public string ServiceId { get; set; } = ClusterIdentity.DefaultId;
}
