using JobScheduler.Grains.Workers;
using Microsoft.Extensions.Configuration;

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

    [Fact]
    public void Defaults_SlotsUnset_AutomaticAtTwoPerEngineCpu()
    {
        var options = new WorkerOptions();

        Assert.Null(options.Slots);
        Assert.Equal(2, options.SlotsPerEngineCpu);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(1024)]
    public void Validate_SlotsInRange_Succeeds(int slots) =>
        Assert.True(new WorkerOptionsValidator().Validate(null, new WorkerOptions { Slots = slots }).Succeeded);

    [Theory]
    [InlineData(-1)]
    [InlineData(1025)]
    public void Validate_SlotsOutOfRange_FailsNamingTheKey(int slots)
    {
        var result = new WorkerOptionsValidator().Validate(null, new WorkerOptions { Slots = slots });

        Assert.True(result.Failed);
        Assert.StartsWith("Scheduler:Worker:Slots ", Assert.Single(result.Failures!), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(64)]
    public void Validate_SlotsPerEngineCpuInRange_Succeeds(int perCpu) =>
        Assert.True(new WorkerOptionsValidator().Validate(null, new WorkerOptions { SlotsPerEngineCpu = perCpu }).Succeeded);

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(65)]
    public void Validate_SlotsPerEngineCpuOutOfRange_FailsNamingTheKey(int perCpu)
    {
        var result = new WorkerOptionsValidator().Validate(null, new WorkerOptions { SlotsPerEngineCpu = perCpu });

        Assert.True(result.Failed);
        Assert.StartsWith("Scheduler:Worker:SlotsPerEngineCpu ", Assert.Single(result.Failures!), StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_BothSlotKeysWrong_NamesEach()
    {
        var result = new WorkerOptionsValidator().Validate(null, new WorkerOptions { Slots = -1, SlotsPerEngineCpu = 0 });

        Assert.Equal(2, result.Failures!.Count());
        Assert.Contains(result.Failures!, f => f.StartsWith("Scheduler:Worker:Slots ", StringComparison.Ordinal));
        Assert.Contains(result.Failures!, f => f.StartsWith("Scheduler:Worker:SlotsPerEngineCpu ", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(null, null)]
    [InlineData("", null)]
    [InlineData("6", 6)]
    public void Bind_SlotsKey_AbsentOrEmptyIsAutomatic(string? value, int? expected)
    {
        // An empty value is what docker-compose passes for an unset WORKER_SLOTS (deploy/compose/docker-compose.yml).
        var settings = new Dictionary<string, string?> { ["Scheduler:Worker:PollInterval"] = "00:00:01" };
        if (value is not null)
            settings["Scheduler:Worker:Slots"] = value;
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();

        var options = configuration.GetSection(WorkerOptions.SectionName).Get<WorkerOptions>()!;

        Assert.Equal(expected, options.Slots);
    }
}
