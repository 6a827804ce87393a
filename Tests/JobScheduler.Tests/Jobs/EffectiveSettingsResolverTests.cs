using System.Text.Json;
using JobScheduler.Grains.Docker;
using JobScheduler.Grains.Interfaces;
using JobScheduler.Grains.Jobs;

namespace JobScheduler.Tests.Jobs;

/// <summary>A job's settings: its own values beat its queue's, which beat the server's, field by field.</summary>
public sealed class EffectiveSettingsResolverTests
{
    private static readonly JobSettingsDefaults Server = new(
        Retry: RetryPolicy.Defaults,
        Timeout: TimeSpan.FromHours(1),
        Cpus: 1.0,
        MemoryMb: 512,
        Pids: 256,
        User: "65534:65534");

    private static readonly QueueSettings Queue = new()
    {
        Retry = new RetryPolicy
        {
            MaxAttempts = 7,
            InitialBackoff = TimeSpan.FromSeconds(3),
            BackoffMultiplier = 1.5,
            MaxBackoff = TimeSpan.FromMinutes(2),
            Jitter = JitterMode.Full,
            JitterFraction = 0.5,
            NonRetryableExitCodes = [42],
        },
        Resources = new ResourceLimits { Cpus = 0.5, MemoryMb = 96, Pids = 77 },
        User = "0:0",
        WritableRootFilesystem = true,
        AllowNetwork = true,
    };

    // Records compare their arrays by reference: the JSON shows whether two values say the same.
    private static void AssertSame<T>(T expected, T actual) => Assert.Equal(JsonSerializer.Serialize(expected), JsonSerializer.Serialize(actual));

    private static JobSpec Spec() => new() { Image = "busybox:latest", Command = ["true"] };

    [Fact]
    public void Resolve_NothingSet_TakesEveryServerDefault()
    {
        var settings = EffectiveSettingsResolver.Resolve(Spec(), queue: null, Server);

        AssertSame(RetryPolicy.Defaults, settings.Retry);
        Assert.Equal(TimeSpan.FromHours(1), settings.Timeout);
        Assert.Equal(new ResourceLimits { Cpus = 1.0, MemoryMb = 512, Pids = 256 }, settings.Resources);
        Assert.Equal(JobNetworks.None, settings.Network);
        Assert.Equal("65534:65534", settings.User);
        Assert.False(settings.WritableRootFilesystem);
    }

    [Fact]
    public void Resolve_QueueSettingsWithoutValues_TakesEveryServerDefault()
    {
        AssertSame(
            EffectiveSettingsResolver.Resolve(Spec(), queue: null, Server),
            EffectiveSettingsResolver.Resolve(Spec(), new QueueSettings(), Server));
    }

    [Fact]
    public void Resolve_QueueValues_BeatServerDefaultsInEveryField()
    {
        var settings = EffectiveSettingsResolver.Resolve(Spec(), Queue, Server);

        AssertSame(Queue.Retry, settings.Retry);
        Assert.Equal(Queue.Resources, settings.Resources);
        Assert.Equal("0:0", settings.User);
        Assert.True(settings.WritableRootFilesystem);
        // A queue sets no timeout and no network of its own: allowing the network is not choosing it.
        Assert.Equal(TimeSpan.FromHours(1), settings.Timeout);
        Assert.Equal(JobNetworks.None, settings.Network);
    }

    [Fact]
    public void Resolve_JobValues_BeatQueueAndServerInEveryField()
    {
        var own = new RetryPolicy
        {
            MaxAttempts = 2,
            InitialBackoff = TimeSpan.FromMilliseconds(250),
            BackoffMultiplier = 3,
            MaxBackoff = TimeSpan.FromSeconds(9),
            Jitter = JitterMode.None,
            JitterFraction = 0.1,
            NonRetryableExitCodes = [],
        };
        var spec = Spec() with
        {
            Retry = own,
            Timeout = TimeSpan.FromSeconds(30),
            Resources = new ResourceLimits { Cpus = 0.25, MemoryMb = 64, Pids = 16 },
            Network = JobNetworks.Bridge,
        };

        var settings = EffectiveSettingsResolver.Resolve(spec, Queue, Server);

        AssertSame(own, settings.Retry);
        Assert.Equal(TimeSpan.FromSeconds(30), settings.Timeout);
        Assert.Equal(new ResourceLimits { Cpus = 0.25, MemoryMb = 64, Pids = 16 }, settings.Resources);
        Assert.Equal(JobNetworks.Bridge, settings.Network);
    }

    [Fact]
    public void Resolve_PartialValues_FillEachFieldFromTheNextLayer()
    {
        var spec = Spec() with
        {
            Retry = new RetryPolicy { MaxAttempts = 5 },
            Resources = new ResourceLimits { MemoryMb = 200 },
        };
        var queue = new QueueSettings
        {
            Retry = new RetryPolicy { InitialBackoff = TimeSpan.FromSeconds(4) },
            Resources = new ResourceLimits { Cpus = 2 },
        };

        var settings = EffectiveSettingsResolver.Resolve(spec, queue, Server);

        AssertSame(RetryPolicy.Defaults with { MaxAttempts = 5, InitialBackoff = TimeSpan.FromSeconds(4) }, settings.Retry);
        Assert.Equal(new ResourceLimits { Cpus = 2, MemoryMb = 200, Pids = 256 }, settings.Resources);
        Assert.Equal("65534:65534", settings.User);
    }

    [Fact]
    public void Resolve_AnyInput_LeavesNoRetryOrResourceValueUnset()
    {
        var settings = EffectiveSettingsResolver.Resolve(Spec() with { Retry = new RetryPolicy(), Resources = new ResourceLimits() }, new QueueSettings(), Server);

        foreach (var value in new object?[]
        {
            settings.Retry.MaxAttempts, settings.Retry.InitialBackoff, settings.Retry.BackoffMultiplier, settings.Retry.MaxBackoff,
            settings.Retry.Jitter, settings.Retry.JitterFraction, settings.Retry.NonRetryableExitCodes,
            settings.Resources.Cpus, settings.Resources.MemoryMb, settings.Resources.Pids,
        })
            Assert.NotNull(value);
    }

    [Fact]
    public void From_ContainerOptions_TakesTheirDefaults()
    {
        var containers = new ContainerOptions { DefaultCpus = 1.5, DefaultMemoryMb = 300, DefaultPids = 99, User = "1000:1000" };

        var defaults = JobSettingsDefaults.From(RetryPolicy.Defaults, TimeSpan.FromMinutes(10), containers);

        Assert.Equal(new JobSettingsDefaults(RetryPolicy.Defaults, TimeSpan.FromMinutes(10), 1.5, 300, 99, "1000:1000"), defaults);
    }
}
