using System.Net;
using JobScheduler.Tests.Infrastructure;
using static JobScheduler.Tests.Deploy.RenderedKustomization;

namespace JobScheduler.Tests.Cluster;

/// <summary>
/// The silo's Kubernetes hosting as real processes, outside any cluster: off by default (the silo and API start and
/// answer the probes that deploy/kubernetes configures, without credentials, as a kubelet asks), and on without a pod's
/// environment the silo refuses to start, naming what is missing.
/// </summary>
[Collection(RedisCollection.Name)]
[Trait("Category", "Cluster")]
public sealed class KubernetesHostingTests(RedisFixture redis)
{
    [Fact]
    public async Task Cluster_KubernetesHostingOff_AnswersTheManifestsProbesWithoutCredentials()
    {
        await using var cluster = new SchedulerCluster(redis.ConnectionString, silos: 1);
        await cluster.StartAsync();

        foreach (var (host, deployment) in new[] { (cluster.Silos[0], "jobscheduler-silo"), (cluster.Api, "jobscheduler-api") })
        {
            var container = Assert.Single(Containers(PodSpec(Example.Single("Deployment", deployment))));
            // A kubelet sends no Authorization header.
            using var kubelet = new HttpClient { BaseAddress = host.BaseAddress, Timeout = TimeSpan.FromSeconds(10) };
            foreach (var probe in new[] { "startupProbe", "livenessProbe", "readinessProbe" })
            {
                var path = Text(container[probe]!["httpGet"]!["path"]);
                await Eventually.Async(
                    async () => (await kubelet.GetAsync(path.TrimStart('/'))).StatusCode == HttpStatusCode.OK,
                    TimeSpan.FromSeconds(30),
                    $"{deployment} {probe} {path} to answer 200{Environment.NewLine}{cluster.Diagnostics}");
            }
        }
    }

    [Fact]
    public async Task Silo_KubernetesHostingOnOutsideAPod_RefusesToStartNamingWhatIsMissing()
    {
        await using var silo = KubernetesSilo([]);

        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => silo.StartAsync(TimeSpan.FromSeconds(60)));

        Assert.Contains("exited with code", failure.Message, StringComparison.Ordinal);
        Assert.Contains("POD_NAME", failure.Message, StringComparison.Ordinal);
        Assert.Contains("POD_NAMESPACE", failure.Message, StringComparison.Ordinal);
        Assert.Contains("Scheduler:Silo:AdvertisedAddress", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Silo_KubernetesHostingOnWithAPodsEnvironmentOutsideACluster_FailsOnTheInClusterConfiguration()
    {
        // Everything a pod gives the silo, but no Kubernetes API: Orleans' agent is wired in and cannot reach one.
        await using var silo = KubernetesSilo(new()
        {
            ["POD_NAME"] = "jobscheduler-silo-0",
            ["POD_NAMESPACE"] = "jobscheduler",
            ["POD_IP"] = "198.51.100.7",
            ["Scheduler__Silo__AdvertisedAddress"] = "198.51.100.7",
        });

        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => silo.StartAsync(TimeSpan.FromSeconds(60)));

        Assert.Contains("exited with code", failure.Message, StringComparison.Ordinal);
        Assert.Contains("Unable to load in-cluster configuration", failure.Message, StringComparison.Ordinal);
    }

    private HostProcess KubernetesSilo(Dictionary<string, string> pod)
    {
        var id = "k8s-" + Guid.NewGuid().ToString("N")[..12];
        var environment = new Dictionary<string, string>
        {
            ["Scheduler__Redis__ConnectionString"] = redis.ConnectionString,
            ["Scheduler__Redis__KeyPrefix"] = id,
            ["Scheduler__Cluster__ClusterId"] = id,
            ["Scheduler__Cluster__ServiceId"] = id,
            ["Scheduler__Silo__SiloPort"] = FreePort.Next().ToString(),
            ["Scheduler__Silo__GatewayPort"] = FreePort.Next().ToString(),
            ["Scheduler__Silo__Kubernetes__Enabled"] = "true",
        };
        foreach (var (key, value) in pod)
            environment[key] = value;
        return new HostProcess("silo-k8s", RepositoryLayout.SiloAssembly, FreePort.Next(), environment);
    }
}
