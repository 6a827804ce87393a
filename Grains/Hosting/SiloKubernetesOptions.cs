namespace JobScheduler.Grains.Hosting;

/// <summary>
/// Orleans' Kubernetes hosting for a silo that runs in a pod (<c>Scheduler:Silo:Kubernetes</c>): the silo names itself
/// after its pod, labels its pod with the cluster's ids, and the first <see cref="MaxAgents"/> active silos watch the
/// cluster's pods so that a deleted pod's silo is declared dead at once instead of after missed probes. Checked by
/// <see cref="SiloKubernetesOptionsValidator"/>; deploy/kubernetes sets it on.
/// </summary>
public sealed class SiloKubernetesOptions
{
    /// <summary>The configuration section: <c>Scheduler:Silo:Kubernetes</c>.</summary>
    public const string SectionName = "Scheduler:Silo:Kubernetes";

    /// <summary>The pod's name; the silo takes it as its silo name. Kubernetes sets it from <c>metadata.name</c>.</summary>
    public const string PodNameVariable = "POD_NAME";

    /// <summary>The pod's namespace, where the silo looks for its peers' pods. Kubernetes sets it from <c>metadata.namespace</c>.</summary>
    public const string PodNamespaceVariable = "POD_NAMESPACE";

    /// <summary>The pod's IP. Kubernetes sets it from <c>status.podIP</c>.</summary>
    public const string PodIpVariable = "POD_IP";

    /// <summary>Orleans' Kubernetes hosting takes the cluster id from this variable when set, over <c>Scheduler:Cluster:ClusterId</c>.</summary>
    public const string ClusterIdVariable = "ORLEANS_CLUSTER_ID";

    /// <summary>Orleans' Kubernetes hosting takes the service id from this variable when set, over <c>Scheduler:Cluster:ServiceId</c>.</summary>
    public const string ServiceIdVariable = "ORLEANS_SERVICE_ID";

    /// <summary>
    /// Whether the silo uses Orleans' Kubernetes hosting. It needs the pod's service account to get, list, watch and
    /// patch pods (and delete them with <see cref="DeleteDefunctSiloPods"/>), so it is switched on by configuration, not
    /// guessed from the environment. Default: false.
    /// </summary>
    public bool Enabled { get; set; }

    /// <summary>How many active silos watch the Kubernetes API (fewer watchers, less load on the API server). Default: 2 (1 to 100).</summary>
    public int MaxAgents { get; set; } = 2;

    /// <summary>Whether a silo that the membership declared dead also has its pod deleted, so that its Deployment replaces it. Default: false.</summary>
    public bool DeleteDefunctSiloPods { get; set; }

    /// <summary>How often the silo retries the Kubernetes API while it starts before it gives up. Default: 10 (0 to 1000).</summary>
    public int MaxApiRetryAttempts { get; set; } = 10;
}
