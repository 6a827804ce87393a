using JobScheduler.Grains.Workers;

namespace JobScheduler.Tests.Workers;

public sealed class WorkerOptionsValidatorTests
{
    [Fact]
    public void Validate_Defaults_Succeed() =>
        Assert.True(new WorkerOptionsValidator().Validate(null, new WorkerOptions()).Succeeded);

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(1_000_001)]
    public void Validate_LogFollowBufferOutOfRange_FailsNamingTheKey(int lines)
    {
        var result = new WorkerOptionsValidator().Validate(null, new WorkerOptions { LogFollowBuffer = lines, Slots = -1 });

        Assert.True(result.Failed);
        Assert.Contains(result.Failures!, f => f.Contains("Scheduler:Worker:LogFollowBuffer", StringComparison.Ordinal));
        Assert.Contains(result.Failures!, f => f.Contains("Scheduler:Worker:Slots", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(24 * 3600 + 1)]
    public void Validate_DrainTimeoutOutOfRange_FailsNamingTheKey(int seconds)
    {
        var result = new WorkerOptionsValidator().Validate(null, new WorkerOptions { DrainTimeout = TimeSpan.FromSeconds(seconds) });

        Assert.True(result.Failed);
        Assert.Contains(result.Failures!, f => f.Contains("Scheduler:Worker:DrainTimeout", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_DrainTimeoutZero_Succeeds() =>
        Assert.True(new WorkerOptionsValidator().Validate(null, new WorkerOptions { DrainTimeout = TimeSpan.Zero }).Succeeded);
}
