using System.Net;
using System.Text.Json.Nodes;
using JobScheduler.Client.Api.Security;
using JobScheduler.Grains.Docker;
using JobScheduler.Grains.Hosting;
using JobScheduler.Grains.Observability;
using JobScheduler.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Orleans.Hosting.Kubernetes;
using static JobScheduler.Tests.Deploy.RenderedKustomization;

namespace JobScheduler.Tests.Deploy;

/// <summary>
/// deploy/kubernetes as <c>kubectl kustomize</c> renders it, checked against what the apps and Orleans' Kubernetes
/// hosting read. No cluster runs here: these tests and the probe test in <c>KubernetesHostingTests</c> are what was run.
/// </summary>
public sealed class KubernetesManifestTests
{
    /// <summary>The silo's drain command, the contract with the silo (preStop runs it in the container).</summary>
    private static readonly string[] DrainCommand = ["/app/JobScheduler.Silo", "drain"];

    /// <summary>What the silo needs after the drain to leave the cluster within the grace period (documented in the manifest).</summary>
    private static readonly TimeSpan ShutdownAfterDrain = TimeSpan.FromSeconds(120);

    private const string Uid = "10001";

    private static RenderedKustomization Rendered => Example;

    private static JsonObject Silo => Rendered.Single("Deployment", "jobscheduler-silo");

    private static JsonObject Api => Rendered.Single("Deployment", "jobscheduler-api");

    private static string Env(string configurationKey) => configurationKey.Replace(":", "__", StringComparison.Ordinal);

    [Fact]
    public void Render_ExampleOverlay_HasEveryObjectInItsNamespace()
    {
        var kinds = Rendered.Objects.Select(o => Text(o["kind"])).Order(StringComparer.Ordinal).ToArray();

        Assert.Equal(
            ["ConfigMap", "Deployment", "Deployment", "Namespace", "PodDisruptionBudget", "PodDisruptionBudget", "Role", "RoleBinding", "Secret", "Service", "ServiceAccount"],
            kinds);
        var ns = Name(Rendered.Single("Namespace", "jobscheduler"));
        Assert.All(Rendered.Objects.Where(o => Text(o["kind"]) != "Namespace"), o => Assert.Equal(ns, Text(o["metadata"]!["namespace"])));
    }

    [Fact]
    public void SiloPods_EnvironmentOfOrleansKubernetesHosting_ComesFromThePod()
    {
        var container = Assert.Single(Containers(PodSpec(Silo)));
        var env = container["env"]!.AsArray().ToDictionary(e => Text(e!["name"]), e => e!["valueFrom"]);

        Assert.Equal("metadata.name", Text(env[KubernetesHostingOptions.PodNameEnvironmentVariable]!["fieldRef"]!["fieldPath"]));
        Assert.Equal("metadata.namespace", Text(env[KubernetesHostingOptions.PodNamespaceEnvironmentVariable]!["fieldRef"]!["fieldPath"]));
        Assert.Equal("status.podIP", Text(env[KubernetesHostingOptions.PodIPEnvironmentVariable]!["fieldRef"]!["fieldPath"]));
        Assert.Equal("status.podIP", Text(env[Env($"{SiloEndpointOptions.SectionName}:AdvertisedAddress")]!["fieldRef"]!["fieldPath"]));
        // Orleans' ids come from the same ConfigMap keys the API reads, so silos and API are one cluster.
        Assert.Equal(Env($"{ClusterIdentity.SectionName}:ClusterId"), Text(env[KubernetesHostingOptions.ClusterIdEnvironmentVariable]!["configMapKeyRef"]!["key"]));
        Assert.Equal(Env($"{ClusterIdentity.SectionName}:ServiceId"), Text(env[KubernetesHostingOptions.ServiceIdEnvironmentVariable]!["configMapKeyRef"]!["key"]));
    }

    [Fact]
    public void SiloPods_OrleansLabels_EqualTheClusterIds()
    {
        var pod = Silo["spec"]!["template"]!["metadata"]!["labels"]!;
        var env = Rendered.Environment(Silo, Assert.Single(Containers(PodSpec(Silo))));

        Assert.Equal(env[Env($"{ClusterIdentity.SectionName}:ClusterId")], Text(pod[KubernetesHostingOptions.ClusterIdLabel]));
        Assert.Equal(env[Env($"{ClusterIdentity.SectionName}:ServiceId")], Text(pod[KubernetesHostingOptions.ServiceIdLabel]));
        Assert.Equal(env[KubernetesHostingOptions.ClusterIdEnvironmentVariable], Text(pod[KubernetesHostingOptions.ClusterIdLabel]));
    }

    [Fact]
    public void SiloServiceAccount_Role_GrantsWhatOrleansKubernetesHostingDoesWithPods()
    {
        var account = Text(PodSpec(Silo)["serviceAccountName"]);
        var binding = Assert.Single(Rendered.OfKind("RoleBinding"));
        var role = Rendered.Single("Role", Text(binding["roleRef"]!["name"]));

        Assert.Contains(Rendered.OfKind("ServiceAccount"), a => Name(a) == account);
        Assert.Contains(binding["subjects"]!.AsArray(), s => Text(s!["kind"]) == "ServiceAccount" && Text(s["name"]) == account);
        var rule = Assert.Single(role["rules"]!.AsArray())!;
        Assert.Equal([""], rule["apiGroups"]!.AsArray().Select(Text));
        Assert.Equal(["pods"], rule["resources"]!.AsArray().Select(Text));
        Assert.Equal(["delete", "get", "list", "patch", "watch"], rule["verbs"]!.AsArray().Select(Text).Order(StringComparer.Ordinal));
        // The API talks to no Kubernetes API: no token in its pods.
        Assert.Equal("false", Text(PodSpec(Api)["automountServiceAccountToken"]));
    }

    [Fact]
    public void SiloPods_EnvironmentAsRendered_PassesTheSilosKubernetesValidation()
    {
        var env = Rendered.Environment(Silo, Assert.Single(Containers(PodSpec(Silo))));
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(env.Select(p => KeyValuePair.Create(p.Key.Replace("__", ":", StringComparison.Ordinal), (string?)p.Value)))
            .Build();

        var options = configuration.GetSection(SiloKubernetesOptions.SectionName).Get<SiloKubernetesOptions>()!;
        var result = new SiloKubernetesOptionsValidator(configuration).Validate(null, options);

        Assert.True(options.Enabled);
        Assert.True(result.Succeeded, result.FailureMessage);
    }

    [Fact]
    public void Probes_PointAtTheHealthEndpointsOnTheHttpPort()
    {
        foreach (var (workload, expectedReady) in new[] { (Silo, "/health/ready"), (Api, "/health/ready") })
        {
            var container = Assert.Single(Containers(PodSpec(workload)));
            var env = Rendered.Environment(workload, container);
            var http = Assert.Single(container["ports"]!.AsArray(), p => Text(p!["name"]) == "http")!;

            Assert.Equal("/health/live", Text(container["livenessProbe"]!["httpGet"]!["path"]));
            Assert.Equal("/health/live", Text(container["startupProbe"]!["httpGet"]!["path"]));
            Assert.Equal(expectedReady, Text(container["readinessProbe"]!["httpGet"]!["path"]));
            foreach (var probe in new[] { "livenessProbe", "readinessProbe", "startupProbe" })
                Assert.Equal("http", Text(container[probe]!["httpGet"]!["port"]));
            // The app listens on every interface of the pod, on the port the probes use.
            Assert.Equal($"http://0.0.0.0:{Text(http["containerPort"])}", env["Urls"]);
        }
    }

    [Fact]
    public void SiloPreStop_IsTheDrainCommand_WithinAGraceLongerThanTheDrainTimeout()
    {
        var pod = PodSpec(Silo);
        var container = Assert.Single(Containers(pod));
        var env = Rendered.Environment(Silo, container);

        Assert.Equal(DrainCommand, container["lifecycle"]!["preStop"]!["exec"]!["command"]!.AsArray().Select(Text));
        var drainTimeout = TimeSpan.Parse(env["Scheduler__Worker__DrainTimeout"], System.Globalization.CultureInfo.InvariantCulture);
        var grace = TimeSpan.FromSeconds(int.Parse(Text(pod["terminationGracePeriodSeconds"]), System.Globalization.CultureInfo.InvariantCulture));
        Assert.True(grace >= drainTimeout + ShutdownAfterDrain, $"terminationGracePeriodSeconds {grace} < drain timeout {drainTimeout} + {ShutdownAfterDrain}.");
    }

    [Theory]
    [InlineData("example")]
    [InlineData("remote-engine")]
    public void EveryContainer_HasRequestsLimitsAndARestrictedSecurityContext(string overlay)
    {
        foreach (var workload in Of(overlay).OfKind("Deployment"))
        {
            var pod = PodSpec(workload);
            var podSecurity = pod["securityContext"]!;
            Assert.Equal("true", Text(podSecurity["runAsNonRoot"]));
            Assert.Equal(Uid, Text(podSecurity["runAsUser"]));
            Assert.Equal("RuntimeDefault", Text(podSecurity["seccompProfile"]!["type"]));
            var volumes = pod["volumes"]?.AsArray().ToDictionary(v => Text(v!["name"]), v => v!) ?? [];
            foreach (var container in Containers(pod))
            {
                var name = $"{Name(workload)}/{Text(container["name"])}";
                foreach (var bound in new[] { "requests", "limits" })
                    foreach (var resource in new[] { "cpu", "memory" })
                        Assert.False(string.IsNullOrEmpty(Text(container["resources"]?[bound]?[resource])), $"{name} has no {bound}.{resource}.");
                var security = container["securityContext"]!;
                Assert.Equal("true", Text(security["runAsNonRoot"]));
                Assert.Equal(Uid, Text(security["runAsUser"]));
                Assert.Equal("false", Text(security["allowPrivilegeEscalation"]));
                Assert.Equal("true", Text(security["readOnlyRootFilesystem"]));
                Assert.Equal(["ALL"], security["capabilities"]!["drop"]!.AsArray().Select(Text));
                Assert.Null(security["capabilities"]!["add"]);
                Assert.NotEqual("true", Text(security["privileged"]));
                Assert.Equal("RuntimeDefault", Text(security["seccompProfile"]!["type"]));
                // A read-only root needs a writable /tmp, from an emptyDir.
                var tmp = Assert.Single(container["volumeMounts"]!.AsArray(), m => Text(m!["mountPath"]) == "/tmp")!;
                Assert.NotNull(volumes[Text(tmp["name"])]["emptyDir"]);
            }
        }
    }

    [Fact]
    public void Secret_KeysAreTheVariablesTheAppsRead_AndEveryReferenceResolves()
    {
        var secret = Assert.Single(Rendered.OfKind("Secret"));
        var data = Rendered.Data("Secret", Name(secret));

        Assert.Equal(
            [Env($"{AuthOptions.SectionName}:{nameof(AuthOptions.BootstrapKey)}"), Env($"{RedisOptions.SectionName}:{nameof(RedisOptions.ConnectionString)}")],
            data.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(RedisPlaceholder, data[Env($"{RedisOptions.SectionName}:{nameof(RedisOptions.ConnectionString)}")]);
        foreach (var workload in Rendered.OfKind("Deployment"))
        {
            foreach (var container in Containers(PodSpec(workload)))
            {
                // Resolving throws on a ConfigMap, Secret or key that is not rendered.
                var env = Rendered.Environment(workload, container);
                Assert.Equal(RedisPlaceholder, env[Env($"{RedisOptions.SectionName}:{nameof(RedisOptions.ConnectionString)}")]);
                // The secret's values reach pods only as variables, never through the ConfigMap.
                Assert.DoesNotContain(container["envFrom"]!.AsArray(), s => s!["secretRef"] is not null);
            }
        }
        Assert.Equal(BootstrapKeyPlaceholder, Rendered.Environment(Api, Assert.Single(Containers(PodSpec(Api))))[Env($"{AuthOptions.SectionName}:BootstrapKey")]);
    }

    [Theory]
    [InlineData("example")]
    [InlineData("remote-engine")]
    public void EveryReference_ResolvesToARenderedObject(string overlay)
    {
        var rendered = Of(overlay);
        foreach (var workload in rendered.OfKind("Deployment"))
        {
            var pod = PodSpec(workload);
            foreach (var container in Containers(pod))
            {
                // Resolving throws on a ConfigMap, Secret or key that is not rendered.
                Assert.NotEmpty(rendered.Environment(workload, container));
                foreach (var mount in container["volumeMounts"]?.AsArray() ?? [])
                    Assert.Contains(pod["volumes"]!.AsArray(), v => Text(v!["name"]) == Text(mount!["name"]));
            }
            foreach (var volume in pod["volumes"]?.AsArray() ?? [])
            {
                if (volume!["secret"] is { } secret)
                    Assert.Contains(rendered.OfKind("Secret"), o => Name(o) == Text(secret["secretName"]));
            }
            Assert.Contains(rendered.OfKind("Namespace"), n => Name(n) == Text(workload["metadata"]!["namespace"]));
        }
    }

    [Fact]
    public void RemoteEngine_SilosReachTheEngineThroughTheirTlsSidecar_WithoutHostPaths()
    {
        var rendered = RemoteEngine;
        var silo = rendered.Single("Deployment", "jobscheduler-silo");
        var pod = PodSpec(silo);
        var container = Assert.Single(pod["containers"]!.AsArray())!.AsObject();
        var sidecar = Assert.Single(pod["initContainers"]!.AsArray())!.AsObject();
        var endpoint = new Uri(rendered.Environment(silo, container)[Env($"{ContainerOptions.SectionName}:{nameof(ContainerOptions.DockerEndpoint)}")]);

        Assert.Equal("restricted", Text(rendered.Single("Namespace", "jobscheduler")["metadata"]!["labels"]!["pod-security.kubernetes.io/enforce"]));
        Assert.All(rendered.OfKind("Deployment"), d => Assert.DoesNotContain(PodSpec(d)["volumes"]!.AsArray(), v => v!["hostPath"] is not null));
        Assert.Null(pod["securityContext"]!["supplementalGroups"]);
        Assert.Equal("tcp", endpoint.Scheme);
        Assert.True(IPAddress.IsLoopback(IPAddress.Parse(endpoint.Host)), $"{endpoint} leaves the pod without TLS.");
        var args = sidecar["args"]!.AsArray().Select(Text).ToArray();
        Assert.Contains($"--listen={endpoint.Host}:{endpoint.Port}", args);
        Assert.Contains("--target=$(NODE_IP):2376", args);
        Assert.Equal("10.1.0.1", rendered.Environment(silo, sidecar)["NODE_IP"]);
        // A native sidecar: it outlives the silo's preStop drain.
        Assert.Equal("Always", Text(sidecar["restartPolicy"]));
    }

    [Fact]
    public void Repository_HoldsNoSecretsFile_OnlyAnExampleWithPlaceholders()
    {
        var overlay = Path.Combine(RepositoryLayout.Root, "deploy", "kubernetes", Rendered.Overlay);
        var example = File.ReadAllLines(Path.Combine(overlay, "secrets.env.example"));

        Assert.Contains("secrets.env", File.ReadAllLines(Path.Combine(overlay, ".gitignore")));
        var remote = File.ReadAllLines(Path.Combine(RepositoryLayout.Root, "deploy", "kubernetes", "overlays", "remote-engine", ".gitignore"));
        Assert.Equal(["ca.pem", "cert.pem", "key.pem", "secrets.env"], remote.Order(StringComparer.Ordinal));
        var key = Assert.Single(example, l => l.StartsWith("Scheduler__Auth__BootstrapKey=", StringComparison.Ordinal));
        Assert.StartsWith("Scheduler__Auth__BootstrapKey=REPLACE", key, StringComparison.Ordinal);
    }

    [Fact]
    public void DisruptionBudgetsAndService_SelectThePodsOfTheirDeployment()
    {
        foreach (var workload in new[] { Silo, Api })
        {
            var labels = workload["spec"]!["template"]!["metadata"]!["labels"]!.AsObject();
            bool Selects(JsonNode selector) => selector.AsObject().All(p => Text(labels[p.Key]) == Text(p.Value));

            var budget = Assert.Single(Rendered.OfKind("PodDisruptionBudget"), b => Selects(b["spec"]!["selector"]!["matchLabels"]!))!;
            Assert.Equal("1", Text(budget["spec"]!["maxUnavailable"]));
            Assert.True(int.Parse(Text(workload["spec"]!["replicas"]), System.Globalization.CultureInfo.InvariantCulture) >= 2, $"{Name(workload)} needs 2 replicas to survive a disruption.");
            Assert.Equal("0", Text(workload["spec"]!["strategy"]!["rollingUpdate"]!["maxUnavailable"]));
        }
        var service = Assert.Single(Rendered.OfKind("Service"));
        var apiLabels = Api["spec"]!["template"]!["metadata"]!["labels"]!.AsObject();
        Assert.All(service["spec"]!["selector"]!.AsObject(), p => Assert.Equal(Text(p.Value), Text(apiLabels[p.Key])));
        Assert.Equal("http", Text(Assert.Single(service["spec"]!["ports"]!.AsArray())!["targetPort"]));
    }

    [Fact]
    public void SiloPods_ReachTheNodesDockerEngine_ThroughTheSocketTheWorkerUses()
    {
        var pod = PodSpec(Silo);
        var container = Assert.Single(Containers(pod));
        var endpoint = new Uri(Rendered.Environment(Silo, container)[Env($"{ContainerOptions.SectionName}:{nameof(ContainerOptions.DockerEndpoint)}")]);

        Assert.Equal("unix", endpoint.Scheme);
        var mount = Assert.Single(container["volumeMounts"]!.AsArray(), m => Text(m!["mountPath"]) == endpoint.AbsolutePath)!;
        var volume = Assert.Single(pod["volumes"]!.AsArray(), v => Text(v!["name"]) == Text(mount["name"]))!;
        Assert.Equal("/var/run/docker.sock", Text(volume["hostPath"]!["path"]));
        Assert.Equal("Socket", Text(volume["hostPath"]!["type"]));
        // uid 10001 reaches the root:docker 0660 socket through the docker group.
        Assert.NotEmpty(pod["securityContext"]!["supplementalGroups"]!.AsArray());
    }

    [Fact]
    public void Pods_PrometheusAnnotations_ScrapeTheSilosOpenMetricsAndNotTheApisKeyedOnes()
    {
        var silo = Silo["spec"]!["template"]!["metadata"]!["annotations"]!;
        var http = Assert.Single(Assert.Single(Containers(PodSpec(Silo)))["ports"]!.AsArray(), p => Text(p!["name"]) == "http")!;

        Assert.Equal("true", Text(silo["prometheus.io/scrape"]));
        Assert.Equal(Text(http["containerPort"]), Text(silo["prometheus.io/port"]));
        Assert.Equal(SchedulerMetricsServiceCollectionExtensions.MetricsPath, Text(silo["prometheus.io/path"]));
        // The API's /metrics needs a key with the metrics scope, which annotation discovery cannot send.
        Assert.Equal("false", Text(Api["spec"]!["template"]!["metadata"]!["annotations"]!["prometheus.io/scrape"]));
    }
}
