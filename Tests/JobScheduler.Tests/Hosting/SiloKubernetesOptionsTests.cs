using JobScheduler.Grains.Hosting;
using Microsoft.Extensions.Configuration;

namespace JobScheduler.Tests.Hosting;

public sealed class SiloKubernetesOptionsTests
{
    private static readonly Dictionary<string, string?> Pod = new()
    {
        [SiloKubernetesOptions.PodNameVariable] = "jobscheduler-silo-0",
        [SiloKubernetesOptions.PodNamespaceVariable] = "jobscheduler",
        [SiloKubernetesOptions.PodIpVariable] = "10.1.2.3",
        ["Scheduler:Silo:AdvertisedAddress"] = "10.1.2.3",
        ["Scheduler:Silo:Kubernetes:Enabled"] = "true",
    };

    private static (SiloKubernetesOptions Options, Microsoft.Extensions.Options.ValidateOptionsResult Result) Validate(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var options = configuration.GetSection(SiloKubernetesOptions.SectionName).Get<SiloKubernetesOptions>() ?? new SiloKubernetesOptions();
        return (options, new SiloKubernetesOptionsValidator(configuration).Validate(null, options));
    }

    [Fact]
    public void Defaults_OutsideKubernetes_AreOffAndValid()
    {
        var (options, result) = Validate([]);

        Assert.False(options.Enabled);
        Assert.Equal(2, options.MaxAgents);
        Assert.False(options.DeleteDefunctSiloPods);
        Assert.Equal(10, options.MaxApiRetryAttempts);
        Assert.True(result.Succeeded, result.FailureMessage);
    }

    [Fact]
    public void Section_AsAPodSetsIt_BindsAndIsValid()
    {
        var (options, result) = Validate(new(Pod)
        {
            ["Scheduler:Silo:Kubernetes:MaxAgents"] = "3",
            ["Scheduler:Silo:Kubernetes:DeleteDefunctSiloPods"] = "true",
            ["Scheduler:Silo:Kubernetes:MaxApiRetryAttempts"] = "4",
        });

        Assert.True(options.Enabled);
        Assert.Equal(3, options.MaxAgents);
        Assert.True(options.DeleteDefunctSiloPods);
        Assert.Equal(4, options.MaxApiRetryAttempts);
        Assert.True(result.Succeeded, result.FailureMessage);
    }

    [Fact]
    public void Validate_OutOfRangeValues_ReportsEachEvenWhenOff()
    {
        var (_, result) = Validate(new()
        {
            ["Scheduler:Silo:Kubernetes:MaxAgents"] = "0",
            ["Scheduler:Silo:Kubernetes:MaxApiRetryAttempts"] = "-1",
        });

        Assert.True(result.Failed);
        Assert.Contains(result.Failures!, f => f.Contains("Scheduler:Silo:Kubernetes:MaxAgents", StringComparison.Ordinal));
        Assert.Contains(result.Failures!, f => f.Contains("Scheduler:Silo:Kubernetes:MaxApiRetryAttempts", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_EnabledWithoutThePodsEnvironment_NamesEveryMissingPiece()
    {
        var (_, result) = Validate(new() { ["Scheduler:Silo:Kubernetes:Enabled"] = "true" });

        Assert.True(result.Failed);
        Assert.Equal(3, result.Failures!.Count());
        Assert.Contains(result.Failures!, f => f.Contains("POD_NAME ", StringComparison.Ordinal) && f.Contains("metadata.name", StringComparison.Ordinal));
        Assert.Contains(result.Failures!, f => f.Contains("POD_NAMESPACE", StringComparison.Ordinal) && f.Contains("metadata.namespace", StringComparison.Ordinal));
        Assert.Contains(result.Failures!, f => f.Contains("Scheduler:Silo:AdvertisedAddress", StringComparison.Ordinal) && f.Contains("status.podIP", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_OrleansIdsOtherThanTheClusters_ReportsBoth()
    {
        var (_, result) = Validate(new(Pod)
        {
            ["Scheduler:Cluster:ClusterId"] = "prod",
            [SiloKubernetesOptions.ClusterIdVariable] = "staging",
            [SiloKubernetesOptions.ServiceIdVariable] = "other",
        });

        Assert.True(result.Failed);
        Assert.Contains(result.Failures!, f => f.Contains("ORLEANS_CLUSTER_ID ('staging') must equal Scheduler:Cluster:ClusterId ('prod')", StringComparison.Ordinal));
        Assert.Contains(result.Failures!, f => f.Contains("ORLEANS_SERVICE_ID ('other') must equal Scheduler:Cluster:ServiceId ('jobscheduler')", StringComparison.Ordinal));
    }
}
