using JobScheduler.Grains.Indexing;
using JobScheduler.Grains.Interfaces;
using JobScheduler.Grains.Observability;
using JobScheduler.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

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

    [Fact]
    public async Task StartAsync_OnAFakeClock_SamplesAtOnceThenOncePerIntervalUntilStopped()
    {
        var timeout = TimeSpan.FromSeconds(10);
        var interval = TimeSpan.FromSeconds(15);
        var time = new FakeTimeProvider(Now);
        using var capture = new MeterCapture();
        var index = new InMemoryJobIndex();
        await index.RecordAsync(Summary("a", "q1", JobState.Queued), previousState: null);
        var sampler = new QueueDepthSampler(
            index, capture.Metrics, Options.Create(new MetricsOptions { QueueDepthInterval = interval }), time, NullLogger<QueueDepthSampler>.Instance);
        double Queued() => capture.Of("jobscheduler.queue.depth")
            .Where(m => (string)m.Tags["queue"]! == "q1" && (string)m.Tags["state"]! == "queued")
            .Select(m => m.Value)
            .SingleOrDefault();

        await sampler.StartAsync(CancellationToken.None);

        await Eventually.Async(() => Task.FromResult(Queued() == 1), timeout, "the first sample is read at once");
        await index.RecordAsync(Summary("b", "q1", JobState.Queued), previousState: null);
        time.Advance(interval - TimeSpan.FromMilliseconds(1));
        await Continually.Async(() => Task.FromResult(Queued() == 1), TimeSpan.FromMilliseconds(500), "no sample before the interval");
        await Eventually.Async(
            () =>
            {
                if (Queued() == 2)
                    return Task.FromResult(true);
                time.Advance(TimeSpan.FromMilliseconds(1));
                return Task.FromResult(false);
            },
            timeout,
            "the next sample is read once the interval is over");

        await sampler.StopAsync(CancellationToken.None).WaitAsync(timeout);

        await index.RecordAsync(Summary("c", "q1", JobState.Queued), previousState: null);
        time.Advance(interval * 3);
        await Continually.Async(() => Task.FromResult(Queued() == 2), TimeSpan.FromMilliseconds(500), "a stopped sampler reads nothing more");
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
