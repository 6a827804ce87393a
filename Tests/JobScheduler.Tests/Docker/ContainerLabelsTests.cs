using JobScheduler.Grains.Docker;

namespace JobScheduler.Tests.Docker;

public sealed class ContainerLabelsTests
{
    [Fact]
    public void TryRead_AllLabels_ReturnsThem()
    {
        var labels = new Dictionary<string, string> { [ContainerLabels.JobId] = "job-1", [ContainerLabels.Attempt] = "3", [ContainerLabels.Worker] = "silo-a" };

        Assert.True(ContainerLabels.TryRead(labels, out var jobId, out var attempt, out var worker));
        Assert.Equal(("job-1", 3, "silo-a"), (jobId, attempt, worker));
    }

    [Theory]
    [InlineData(null, "1", "w")]
    [InlineData("", "1", "w")]
    [InlineData("job", "first", "w")]
    [InlineData("job", "0", "w")]
    [InlineData("job", "-2", "w")]
    [InlineData("job", null, "w")]
    [InlineData("job", "1", null)]
    public void TryRead_MissingOrMalformedLabel_ReturnsFalse(string? jobId, string? attempt, string? worker)
    {
        var labels = new Dictionary<string, string>();
        if (jobId is not null) labels[ContainerLabels.JobId] = jobId;
        if (attempt is not null) labels[ContainerLabels.Attempt] = attempt;
        if (worker is not null) labels[ContainerLabels.Worker] = worker;

        Assert.False(ContainerLabels.TryRead(labels, out _, out _, out _));
    }
}
