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
    private readonly List<(string Instrument, double Value, Dictionary<string, object?> Tags)> _histograms = [];
    private readonly List<(string Instrument, long Value, Dictionary<string, object?> Tags)> _gauges = [];
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
        _listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) =>
        {
            lock (_histograms)
                _histograms.Add((instrument.Name, value, tags.ToArray().ToDictionary(t => t.Key, t => t.Value)));
        });
        _listener.SetMeasurementEventCallback<int>((instrument, value, tags, _) =>
        {
            lock (_gauges)
                _gauges.Add((instrument.Name, value, tags.ToArray().ToDictionary(t => t.Key, t => t.Value)));
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

    [Fact]
    public void JobTransitioned_ClaimedLate_RecordsLatenessFromDueTimeToClaim()
    {
        var job = Job(JobState.Running, reason: null) with { DueAt = Now.AddMilliseconds(-250) };

        _metrics.JobTransitioned(JobState.Queued, job, leaseExpired: false);

        var lateness = Assert.Single(_histograms);
        Assert.Equal("jobscheduler.jobs.lateness", lateness.Instrument);
        Assert.Equal(0.25, lateness.Value, 6);
        Assert.Equal("q1", lateness.Tags["queue"]);
    }

    [Fact]
    public void EngineCalled_AnswerThenNoAnswer_RecordsLatencyByCallAndOutcomeAndTheReachability()
    {
        _metrics.EngineCalled("create", EngineCallOutcome.Ok, TimeSpan.FromMilliseconds(12));
        Assert.Equal(1, Gauge("jobscheduler.worker.docker_reachable"));
        _metrics.EngineCalled("inspect", EngineCallOutcome.Error, TimeSpan.FromMilliseconds(3));
        Assert.Equal(1, Gauge("jobscheduler.worker.docker_reachable"));
        _metrics.EngineCalled("start", EngineCallOutcome.Unavailable, TimeSpan.FromSeconds(30));
        Assert.Equal(0, Gauge("jobscheduler.worker.docker_reachable"));
        // A cancelled call says nothing about the engine.
        _metrics.EngineCalled("wait", EngineCallOutcome.Cancelled, TimeSpan.FromSeconds(1));
        Assert.Equal(0, Gauge("jobscheduler.worker.docker_reachable"));

        Assert.Equal([("create", "ok", 0.012), ("inspect", "error", 0.003), ("start", "unavailable", 30.0), ("wait", "cancelled", 1.0)],
            _histograms.Select(h => ((string)h.Tags["call"]!, (string)h.Tags["outcome"]!, Math.Round(h.Value, 6))));
        Assert.All(_histograms, h => Assert.Equal("jobscheduler.docker.call.duration", h.Instrument));
    }

    [Fact]
    public void Gauges_BeforeAnyWorkerOrEngineCall_ReportNothing()
    {
        _listener.RecordObservableInstruments();

        Assert.DoesNotContain(_gauges, g => g.Instrument.StartsWith("jobscheduler.worker.", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(1, 4, false, "available", 3)]
    [InlineData(4, 4, false, "busy", 0)]
    [InlineData(1, 4, true, "draining", 3)]
    public void WorkerGauges_OfALoad_ReportRunningFreeSlotsAndOneState(int running, int slots, bool draining, string state, int free)
    {
        _metrics.ObserveWorker(() => new WorkerLoad(running, slots, draining));

        _listener.RecordObservableInstruments();

        Assert.Equal(running, _gauges.Single(g => g.Instrument == "jobscheduler.worker.running_jobs").Value);
        Assert.Equal(free, _gauges.Single(g => g.Instrument == "jobscheduler.worker.free_slots").Value);
        var states = _gauges.Where(g => g.Instrument == "jobscheduler.worker.state").ToDictionary(g => (string)g.Tags["state"]!, g => g.Value);
        Assert.Equal(new Dictionary<string, long> { ["available"] = 0, ["busy"] = 0, ["draining"] = 0, [state] = 1 }, states);
    }

    [Fact]
    public void QueueDepth_AfterCounts_ReportsEveryQueueAndStateUntilTheNext()
    {
        _metrics.SetQueueDepths(new Dictionary<string, IReadOnlyDictionary<JobState, long>>
        {
            ["q1"] = new Dictionary<JobState, long> { [JobState.Queued] = 5, [JobState.RetryWaiting] = 2, [JobState.DeadLettered] = 1 },
        });

        _listener.RecordObservableInstruments();

        var depths = _measurements.Where(m => m.Instrument == "jobscheduler.queue.depth")
            .ToDictionary(m => ((string)m.Tags["queue"]!, (string)m.Tags["state"]!), m => m.Value);
        Assert.Equal(new Dictionary<(string, string), long> { [("q1", "queued")] = 5, [("q1", "retry_waiting")] = 2, [("q1", "dead_lettered")] = 1 }, depths);
    }

    [Fact]
    public void DomainCounters_EachFact_CountedWithItsBoundedLabel()
    {
        _metrics.ImagePulled("not-found");
        _metrics.ScheduleFired(ScheduleRunKind.CatchUp);
        _metrics.ScheduleMisfired(0);
        _metrics.ScheduleMisfired(3);
        _metrics.WorkflowEnded(WorkflowState.Failed);
        _metrics.ReminderRegistered("schedule");

        Assert.Equal(
        [
            ("jobscheduler.docker.image_pulls", 1L, "outcome=not-found"),
            ("jobscheduler.schedules.firings", 1L, "kind=catch_up"),
            ("jobscheduler.schedules.misfires", 3L, ""),
            ("jobscheduler.workflows.finished", 1L, "state=failed"),
            ("jobscheduler.reminders.registrations", 1L, "grain=schedule"),
        ], _measurements.Select(m => (m.Instrument, m.Value, string.Join(",", m.Tags.Select(t => $"{t.Key}={t.Value}")))));
    }

    private long Gauge(string instrument)
    {
        _gauges.Clear();
        _listener.RecordObservableInstruments();
        return _gauges.Single(g => g.Instrument == instrument).Value;
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
