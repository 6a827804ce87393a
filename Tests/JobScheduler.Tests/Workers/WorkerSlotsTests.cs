using JobScheduler.Grains.Workers;

namespace JobScheduler.Tests.Workers;

public sealed class WorkerSlotsTests
{
    [Theory]
    [InlineData(1, 2, 2)]
    [InlineData(2, 2, 4)]
    [InlineData(3, 1, 3)]
    [InlineData(8, 2, 16)]
    [InlineData(4, 64, 256)]
    [InlineData(128, 2, 256)]
    [InlineData(127, 2, 254)]
    [InlineData(1, 1, 1)]
    public void Resolve_Unset_IsPerCpuTimesEngineCpus(int engineCpus, int perCpu, int expected) =>
        Assert.Equal(expected, WorkerSlots.Resolve(null, engineCpus, perCpu));

    [Theory]
    [InlineData(129, 2)]
    [InlineData(257, 1)]
    [InlineData(5, 64)]
    [InlineData(int.MaxValue, 64)]
    [InlineData(int.MaxValue / 2 + 1, 2)]
    public void Resolve_UnsetOnAnEngineAboveTheCap_IsTheCap(int engineCpus, int perCpu) =>
        Assert.Equal(WorkerSlots.AutomaticMax, WorkerSlots.Resolve(null, engineCpus, perCpu));

    [Theory]
    [InlineData(0, 1, 1)]
    [InlineData(0, 2, 2)]
    [InlineData(-1, 2, 2)]
    [InlineData(int.MinValue, 64, 64)]
    public void Resolve_UnsetOnAnEngineReportingNoCpus_CountsOneCpu(int engineCpus, int perCpu, int expected) =>
        Assert.Equal(expected, WorkerSlots.Resolve(null, engineCpus, perCpu));

    [Theory]
    [InlineData(1, 64, 64)]
    [InlineData(4, 1, 2)]
    [InlineData(300, 128, 2)]
    [InlineData(1024, 1, 1)]
    [InlineData(7, int.MaxValue, 64)]
    public void Resolve_Configured_WinsOverTheEngine(int configured, int engineCpus, int perCpu) =>
        Assert.Equal(configured, WorkerSlots.Resolve(configured, engineCpus, perCpu));

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void Resolve_PerCpuBelowOne_Throws(int perCpu) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => WorkerSlots.Resolve(null, 4, perCpu));
}
