using JobScheduler.Grains.Indexing;
using JobScheduler.Grains.Interfaces;
using JobScheduler.Grains.Observability;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace JobScheduler.Tests.Observability;

/// <summary>The queue-depth gauge reports the index's counts as the sampler last read them.</summary>
public sealed class QueueDepthSamplerTests
{
    private static readonly DateTimeOffset Now = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task SampleAsync_JobsInSeveralStates_GaugeReportsEachQueueAndStateCount()
    {
        using var capture = new MeterCapture();
        var index = new InMemoryJobIndex();
        await index.RecordAsync(Summary("a", "q1", JobState.Queued), previousState: null);
        await index.RecordAsync(Summary("b", "q1", JobState.Queued), previousState: null);
        await index.RecordAsync(Summary("c", "q1", JobState.DeadLettered), previousState: null);
        await index.RecordAsync(Summary("d", "q2", JobState.Running), previousState: null);
        var sampler = new QueueDepthSampler(index, capture.Metrics, Options.Create(new MetricsOptions()), TimeProvider.System, NullLogger<QueueDepthSampler>.Instance);

        await sampler.SampleAsync();

        var depths = capture.Of("jobscheduler.queue.depth")
            .Where(m => m.Value > 0)
            .ToDictionary(m => ((string)m.Tags["queue"]!, (string)m.Tags["state"]!), m => m.Value);
        Assert.Equal(new Dictionary<(string, string), double> { [("q1", "queued")] = 2, [("q1", "dead_lettered")] = 1, [("q2", "running")] = 1 }, depths);
        // Every state is reported, zeros included, so that a drained queue shows 0 rather than a gap.
        Assert.Equal(2 * Enum.GetValues<JobState>().Length, capture.Of("jobscheduler.queue.depth").Count);
    }

    private static JobSummary Summary(string id, string queue, JobState state) => JobSummary.From(new JobRecord
    {
        Id = id,
        Spec = new JobSpec { Image = "busybox:latest", Command = ["true"], Queue = queue },
        State = state,
        CreatedAt = Now,
        UpdatedAt = Now,
        DueAt = Now,
    });
}
