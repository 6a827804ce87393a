using JobScheduler.Client.Api.Ui.Services;
using JobScheduler.Grains.Interfaces;

namespace JobScheduler.Tests.Ui;

/// <summary>The Overview's per-minute throughput, counted from job listings.</summary>
public sealed class ThroughputSeriesTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 17, 0, 0, TimeSpan.Zero);

    [Fact]
    public void PerMinute_JobsInAndOutOfTheHour_CountsEachInTheMinuteOfItsLastUpdate()
    {
        var jobs = new[] { Job(Now.AddSeconds(-10)), Job(Now.AddSeconds(-50)), Job(Now.AddMinutes(-59.5)), Job(Now.AddMinutes(-61)), Job(Now.AddMinutes(1)) };

        var counts = ThroughputSeries.PerMinute(jobs, Now);

        Assert.Equal(60, counts.Length);
        Assert.Equal(2, counts[^1]);
        Assert.Equal(1, counts[0]);
        Assert.Equal(3, counts.Sum());
    }

    private static JobSummary Job(DateTimeOffset updatedAt) => new()
    {
        Id = Guid.NewGuid().ToString("N"), State = JobState.Succeeded, Queue = "default", Image = "busybox",
        CreatedAt = updatedAt.AddSeconds(-5), UpdatedAt = updatedAt,
    };
}
