using JobScheduler.Grains.Docker;
using JobScheduler.Grains.Execution;

namespace JobScheduler.Tests.Docker;

public sealed class ContainerOptionsValidatorTests
{
    [Fact]
    public void Validate_Defaults_Succeeds()
    {
        var result = new ContainerOptionsValidator().Validate(null, new ContainerOptions());

        Assert.True(result.Succeeded, result.FailureMessage);
    }

    [Fact]
    public void Validate_EveryValueInvalid_ReportsAllAtOnce()
    {
        var options = new ContainerOptions
        {
            DockerEndpoint = "not a uri",
            DefaultCpus = 0,
            DefaultMemoryMb = 1,
            DefaultPids = 0,
            LogMaxSize = "ten megs",
            EngineCallTimeout = TimeSpan.Zero,
            PullTimeout = TimeSpan.FromSeconds(-1),
            LogDrainTimeout = TimeSpan.Zero,
            PingTimeout = TimeSpan.Zero,
            PullPolicy = (ImagePullPolicy)7,
            User = "root:root:root",
            TmpSizeMb = 0,
            NofileLimit = 3,
            Runtime = (ContainerRuntimeKind)7,
            SimulatedRunTime = TimeSpan.FromSeconds(-1),
        };

        var result = new ContainerOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        Assert.Equal(15, result.Failures!.Count());
        Assert.Contains(result.Failures!, failure => failure.StartsWith("Scheduler:Containers:DockerEndpoint", StringComparison.Ordinal));
    }
}
