using JobScheduler.Grains.Interfaces;

namespace JobScheduler.Tests.Policy;

/// <summary>A queue's rules on what a valid job may ask for: network, maxima, images.</summary>
public sealed class QueuePolicyTests
{
    private static readonly JobSpec Job = new() { Image = "busybox:latest", Command = ["true"], Queue = "reports" };

    [Fact]
    public void Check_EveryValueAboveTheQueuesMaxima_NamesEachFieldAndLimit()
    {
        var settings = new QueueSettings { Maxima = new JobMaxima { Cpus = 0.5, MemoryMb = 1024, Pids = 64, Timeout = TimeSpan.FromMinutes(5) } };
        var spec = Job with { Resources = new ResourceLimits { Cpus = 1, MemoryMb = 2048, Pids = 65 }, Timeout = TimeSpan.FromMinutes(6) };

        var errors = QueuePolicy.Check(spec, settings);

        Assert.Equal(["At most 0.5 CPUs in queue 'reports'."], errors["resources.cpus"]);
        Assert.Equal(["At most 1024 MiB in queue 'reports'."], errors["resources.memoryMb"]);
        Assert.Equal(["At most 64 processes in queue 'reports'."], errors["resources.pids"]);
        Assert.Equal(["At most 00:05:00 in queue 'reports'."], errors["timeout"]);
    }

    [Fact]
    public void Check_ValuesAtTheMaxima_PassAsDoUnsetValues()
    {
        var settings = new QueueSettings { Maxima = new JobMaxima { Cpus = 1, MemoryMb = 1024, Pids = 64, Timeout = TimeSpan.FromMinutes(5) } };

        Assert.Empty(QueuePolicy.Check(Job with { Resources = new ResourceLimits { Cpus = 1, MemoryMb = 1024, Pids = 64 }, Timeout = TimeSpan.FromMinutes(5) }, settings));
        Assert.Empty(QueuePolicy.Check(Job, settings));
    }

    [Theory]
    [InlineData("busybox:latest", true)]
    [InlineData("docker.io/library/alpine:3", true)]
    [InlineData("team/app:1", false)]
    [InlineData("quay.io/library/busybox:1", false)]
    public void Check_ImageAllowList_RefusesOthersNamingImage(string image, bool allowed)
    {
        var settings = new QueueSettings { ImagePolicy = new ImagePolicy { Allowed = ["docker.io/library/*"] } };

        var errors = QueuePolicy.Check(Job with { Image = image }, settings);

        Assert.Equal(allowed, !errors.ContainsKey("image"));
    }

    [Fact]
    public void Check_DigestRequired_RefusesATagButNotADigest()
    {
        var settings = new QueueSettings { ImagePolicy = new ImagePolicy { RequireDigest = true } };

        Assert.Contains("digest", Assert.Single(QueuePolicy.Check(Job, settings)["image"]), StringComparison.Ordinal);
        Assert.Empty(QueuePolicy.Check(Job with { Image = "busybox@sha256:" + new string('a', 64) }, settings));
    }

    [Fact]
    public void Check_BridgeInAQueueWithoutNetwork_NamesNetwork()
    {
        Assert.True(QueuePolicy.Check(Job with { Network = JobNetworks.Bridge }, new QueueSettings()).ContainsKey("network"));
        Assert.Empty(QueuePolicy.Check(Job with { Network = JobNetworks.Bridge }, new QueueSettings { AllowNetwork = true }));
    }
}
