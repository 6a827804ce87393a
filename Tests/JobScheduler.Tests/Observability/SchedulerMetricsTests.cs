using System.Diagnostics.Metrics;
using JobScheduler.Grains.Interfaces;
using JobScheduler.Grains.Observability;
using Microsoft.Extensions.DependencyInjection;

namespace JobScheduler.Tests.Observability;

/// <summary>What each job transition adds to the <c>JobScheduler</c> counters, read with a listener on this test's meter alone.</summary>
public sealed class SchedulerMetricsTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly ServiceProvider _services = new ServiceCollection().AddSchedulerMetrics().BuildServiceProvider();
    private readonly MeterListener _listener = new();
    private readonly List<(string Instrument, long Value, Dictionary<string, object?> Tags)> _measurements = [];
    private readonly SchedulerMetrics _metrics;

    public SchedulerMetricsTests()
    {
        var factory = _services.GetRequiredService<IMeterFactory>();
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            // Only this test's meter: other hosts in the process record on meters of the same name.
            if (instrument.Meter.Scope == factory)
                listener.EnableMeasurementEvents(instrument);
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            lock (_measurements)
                _measurements.Add((instrument.Name, value, tags.ToArray().ToDictionary(t => t.Key, t => t.Value)));
        });
        _listener.Start();
        _metrics = _services.GetRequiredService<SchedulerMetrics>();
    }

    [Fact]
    public void JobTransitioned_RetryAfterAFailure_CountsTheReasonCodeOnly()
    {
        _metrics.JobTransitioned(JobState.Running, Job(JobState.RetryWaiting, "image-unavailable: registry said no to jobs/secret-name"), leaseExpired: false);

        var retry = Assert.Single(_measurements);
        Assert.Equal("jobscheduler.jobs.retries", retry.Instrument);
        Assert.Equal("image-unavailable", retry.Tags["reason"]);
        Assert.Equal("q1", retry.Tags["queue"]);
    }

    [Fact]
    public void JobTransitioned_LeaseExpiredIntoDeadLetters_CountsExpiryFinishAndDeadLetter()
    {
        _metrics.JobTransitioned(JobState.Running, Job(JobState.DeadLettered, FailureReasons.LeaseLost), leaseExpired: true);

        Assert.Equal(["jobscheduler.jobs.dead_lettered", "jobscheduler.jobs.finished", "jobscheduler.jobs.lease_expiries"],
            _measurements.Select(m => m.Instrument).Order(StringComparer.Ordinal));
        Assert.Equal("dead_lettered", _measurements.Single(m => m.Instrument == "jobscheduler.jobs.finished").Tags["state"]);
    }

    [Fact]
    public void JobTransitioned_SameState_CountsNothing()
    {
        // A lease renewal or an adoption writes the job without changing its state.
        _metrics.JobTransitioned(JobState.Running, Job(JobState.Running, reason: null), leaseExpired: false);

        Assert.Empty(_measurements);
    }

    [Fact]
    public void JobTransitioned_Claimed_CountsAStartNotAFinish()
    {
        _metrics.JobTransitioned(JobState.Queued, Job(JobState.Running, reason: null), leaseExpired: false);

        Assert.Equal("jobscheduler.jobs.started", Assert.Single(_measurements).Instrument);
    }

    private static JobRecord Job(JobState state, string? reason) => new()
    {
        Id = "metrics-job",
        Spec = new JobSpec { Image = "busybox:latest", Command = ["true"], Queue = "q1" },
        State = state,
        CreatedAt = Now,
        UpdatedAt = Now,
        DueAt = Now,
        Attempts = [new JobAttempt { Number = 1, Worker = "w", ClaimedAt = Now, FailureReason = reason }],
    };

    public void Dispose()
    {
        _listener.Dispose();
        _services.Dispose();
    }
}
