using JobScheduler.Grains.Jobs;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using JobScheduler.Grains.Interfaces;

namespace JobScheduler.Grains.Observability;

/// <summary>
/// The <c>JobScheduler</c> meter and its instruments, recorded where the facts happen: the job grain after a
/// transition is persisted, the worker around an attempt, the deadline sweeper per poke. Labels are bounded: queue
/// names (chosen by operators), states, failure-reason codes and outcomes; never job ids or users' label values.
/// Recording is a counter add or a histogram record, with no grain call or Redis command.
/// </summary>
public sealed class SchedulerMetrics
{
    /// <summary>The meter's name, which an OpenTelemetry metrics pipeline subscribes to.</summary>
    public const string MeterName = "JobScheduler";

    // Attempts run from a fraction of a second to hours.
    private static readonly IReadOnlyList<double> AttemptBuckets =
        [0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600, 1800, 3600, 7200, 14400, 43200, 86400];

    // A queue wait is milliseconds when a slot is free and up to hours when the queue backs up.
    private static readonly IReadOnlyList<double> WaitBuckets =
        [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900, 3600, 14400];

    // Lateness is milliseconds while workers keep up, seconds to hours when they do not.
    private static readonly IReadOnlyList<double> LatenessBuckets =
        [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900, 3600];

    // An engine call answers in milliseconds; a pull or a stuck engine takes up to the call's bound.
    private static readonly IReadOnlyList<double> EngineCallBuckets =
        [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300];

    private static readonly (WorkerState State, string Label)[] WorkerStates =
        [(WorkerState.Available, "available"), (WorkerState.Busy, "busy"), (WorkerState.Draining, "draining")];

    private readonly Counter<long> _submitted;
    private readonly Counter<long> _started;
    private readonly Counter<long> _finished;
    private readonly Counter<long> _retries;
    private readonly Counter<long> _deadLetters;
    private readonly Counter<long> _leaseExpiries;
    private readonly Counter<long> _pokes;
    private readonly Histogram<double> _attemptDuration;
    private readonly Histogram<double> _queueWait;
    private readonly Histogram<double> _lateness;
    private readonly Histogram<double> _engineCalls;
    private readonly Counter<long> _imagePulls;
    private readonly Counter<long> _scheduleFirings;
    private readonly Counter<long> _scheduleMisfires;
    private readonly Counter<long> _workflowsFinished;
    private readonly Counter<long> _reminderRegistrations;
    private volatile Func<WorkerLoad>? _workerLoad;
    private volatile IReadOnlyList<Measurement<long>> _queueDepths = [];
    private volatile IReadOnlyList<(KeyValuePair<string, object?> Queue, DateTimeOffset? Since)> _oldestReady = [];
    private readonly TimeProvider _time;
    private volatile int _dockerReachable = -1;

    /// <summary>Creates the meter from the host's factory, so that each host (and test) owns its meter.</summary>
    /// <param name="meters">The host's meter factory.</param>
    /// <param name="time">The clock the oldest-ready age is measured with; the system's when none.</param>
    public SchedulerMetrics(IMeterFactory meters, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(meters);
        _time = time ?? TimeProvider.System;
        var meter = meters.Create(MeterName);
        _submitted = meter.CreateCounter<long>("jobscheduler.jobs.submitted", "{job}", "Jobs accepted, by queue.");
        _started = meter.CreateCounter<long>("jobscheduler.jobs.started", "{attempt}", "Attempts claimed by a worker, by queue.");
        _finished = meter.CreateCounter<long>("jobscheduler.jobs.finished", "{job}", "Jobs that reached a final state, by queue and state.");
        _retries = meter.CreateCounter<long>("jobscheduler.jobs.retries", "{retry}", "Failed attempts that will be retried, by queue and failure-reason code.");
        _deadLetters = meter.CreateCounter<long>("jobscheduler.jobs.dead_lettered", "{job}", "Jobs moved to the dead letters, by queue.");
        _leaseExpiries = meter.CreateCounter<long>("jobscheduler.jobs.lease_expiries", "{attempt}", "Running attempts whose lease expired (their worker went silent), by queue.");
        _pokes = meter.CreateCounter<long>("jobscheduler.deadline_sweeper.pokes", "{poke}", "Jobs the deadline sweeper woke, by outcome (ok, failed).");
        _attemptDuration = meter.CreateHistogram("jobscheduler.attempt.duration", "s", "Attempt duration, container start (or claim) to end, by queue and outcome.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = AttemptBuckets });
        _queueWait = meter.CreateHistogram("jobscheduler.queue.wait", "s", "A job's first wait, submission to container start, by queue.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = WaitBuckets });
        _lateness = meter.CreateHistogram("jobscheduler.jobs.lateness", "s", "Due time (submission, runAt or retry time) to a worker's claim, by queue.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = LatenessBuckets });
        _engineCalls = meter.CreateHistogram("jobscheduler.docker.call.duration", "s", "Container engine calls, by call and outcome (ok, error, unavailable, cancelled).",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = EngineCallBuckets });
        _imagePulls = meter.CreateCounter<long>("jobscheduler.docker.image_pulls", "{pull}", "Image pulls, by outcome (ok or the failure category).");
        _scheduleFirings = meter.CreateCounter<long>("jobscheduler.schedules.firings", "{run}", "Runs a cron schedule submitted, by kind (scheduled, catch_up, manual).");
        _scheduleMisfires = meter.CreateCounter<long>("jobscheduler.schedules.misfires", "{occurrence}", "Schedule occurrences missed by more than the misfire grace.");
        _workflowsFinished = meter.CreateCounter<long>("jobscheduler.workflows.finished", "{workflow}", "Workflows that ended, by state (succeeded, failed, cancelled).");
        _reminderRegistrations = meter.CreateCounter<long>("jobscheduler.reminders.registrations", "{registration}", "Orleans reminder registrations (storage writes), by grain kind.");
        meter.CreateObservableGauge("jobscheduler.worker.running_jobs", RunningJobs, "{job}", "Attempts this silo's worker runs now.");
        meter.CreateObservableGauge("jobscheduler.worker.free_slots", FreeSlots, "{slot}", "Slots of this silo's worker that are free.");
        meter.CreateObservableGauge("jobscheduler.worker.state", WorkerStateNow, "{state}", "1 for this silo's worker's state (available, busy, draining), 0 for the others.");
        meter.CreateObservableGauge("jobscheduler.worker.docker_reachable", DockerReachable, "{bool}", "1 when this silo's last container engine call got an answer, 0 when it got none.");
        meter.CreateObservableGauge("jobscheduler.queue.depth", () => _queueDepths, "{job}", "Jobs by queue and state, from the index's counts (cluster-wide: every silo reports the same).");
        meter.CreateObservableGauge("jobscheduler.queue.oldest_ready_age", OldestReadyAges, "s", "How long each queue's longest-waiting ready job has waited since it became ready; 0 when none is ready.");
    }

    private IEnumerable<Measurement<double>> OldestReadyAges()
    {
        var now = _time.GetUtcNow();
        return _oldestReady.Select(q => new Measurement<double>(q.Since is { } since ? Math.Max(0, (now - since).TotalSeconds) : 0, q.Queue));
    }

    private IEnumerable<Measurement<int>> RunningJobs() =>
        _workerLoad?.Invoke() is { } load ? [new Measurement<int>(load.Running)] : [];

    private IEnumerable<Measurement<int>> FreeSlots() =>
        _workerLoad?.Invoke() is { } load ? [new Measurement<int>(Math.Max(0, load.Slots - load.Running))] : [];

    private IEnumerable<Measurement<int>> WorkerStateNow()
    {
        if (_workerLoad?.Invoke() is not { } load)
            return [];
        var now = load.Draining ? WorkerState.Draining : load.Running >= load.Slots ? WorkerState.Busy : WorkerState.Available;
        return WorkerStates.Select(s => new Measurement<int>(s.State == now ? 1 : 0, new KeyValuePair<string, object?>("state", s.Label)));
    }

    private IEnumerable<Measurement<int>> DockerReachable() =>
        _dockerReachable is var reachable and >= 0 ? [new Measurement<int>(reachable)] : [];

    /// <summary>The worker that the running-jobs and free-slots gauges read (one per silo).</summary>
    public void ObserveWorker(Func<WorkerLoad> load) => _workerLoad = load;

    /// <summary>A job was accepted and persisted.</summary>
    public void JobSubmitted(string queue) => _submitted.Add(1, new KeyValuePair<string, object?>("queue", queue));

    /// <summary>A persisted transition from <paramref name="previous"/> to <paramref name="next"/>'s state; <paramref name="leaseExpired"/> when the event was a lease expiry.</summary>
    public void JobTransitioned(JobState previous, JobRecord next, bool leaseExpired)
    {
        var queue = new KeyValuePair<string, object?>("queue", next.Spec.Queue);
        if (leaseExpired)
            _leaseExpiries.Add(1, queue);
        if (next.State == previous)
            return;
        switch (next.State)
        {
            case JobState.Running:
                _started.Add(1, queue);
                if (next.CurrentAttempt is { } claimed)
                    _lateness.Record(Math.Max(0, (claimed.ClaimedAt - next.DueAt).TotalSeconds), queue);
                break;
            case JobState.RetryWaiting:
                _retries.Add(1, queue, new KeyValuePair<string, object?>("reason", ReasonCode(next.CurrentAttempt?.FailureReason)));
                break;
        }
        if (next.State.IsTerminal() && !previous.IsTerminal())
        {
            _finished.Add(1, queue, new KeyValuePair<string, object?>("state", StateLabel(next.State)));
            if (next.State == JobState.DeadLettered)
                _deadLetters.Add(1, queue);
        }
    }

    /// <summary>The latest counts by queue and state (from the index), which the queue-depth gauge reports until the next.</summary>
    public void SetQueueDepths(IReadOnlyDictionary<string, IReadOnlyDictionary<JobState, long>> depths)
    {
        ArgumentNullException.ThrowIfNull(depths);
        _queueDepths = depths.SelectMany(q => q.Value.Select(s => new Measurement<long>(s.Value,
            new KeyValuePair<string, object?>("queue", q.Key), new KeyValuePair<string, object?>("state", StateLabel(s.Key))))).ToArray();
    }

    /// <summary>
    /// Exports the dead-letter and lease-expiry counters of <paramref name="queue"/> at zero on this silo until they
    /// count something. A counter series that first appears at 1 shows no <c>increase()</c> in Prometheus, so the alerts
    /// on these counters would miss a queue's first dead letter or first lost lease, and the silo that records one is
    /// any silo (the job grain's, which may have moved). Adding zero creates the series and changes no count.
    /// </summary>
    public void QueueSeen(string queue)
    {
        var tag = new KeyValuePair<string, object?>("queue", queue);
        _deadLetters.Add(0, tag);
        _leaseExpiries.Add(0, tag);
    }

    /// <summary>
    /// When each queue's longest-waiting ready job became ready (null: none is ready), from the index; the gauge reports
    /// the age at each collection until the next sample.
    /// </summary>
    public void SetOldestReady(IReadOnlyDictionary<string, DateTimeOffset?> oldest)
    {
        ArgumentNullException.ThrowIfNull(oldest);
        _oldestReady = oldest.Select(q => (new KeyValuePair<string, object?>("queue", q.Key), q.Value)).ToArray();
    }

    /// <summary>A container engine call ended with <paramref name="outcome"/> after <paramref name="elapsed"/>; <paramref name="call"/> is a fixed name (create, start, ...).</summary>
    public void EngineCalled(string call, EngineCallOutcome outcome, TimeSpan elapsed)
    {
        _engineCalls.Record(Math.Max(0, elapsed.TotalSeconds),
            new KeyValuePair<string, object?>("call", call), new KeyValuePair<string, object?>("outcome", OutcomeLabel(outcome)));
        if (outcome is EngineCallOutcome.Ok or EngineCallOutcome.Error)
            _dockerReachable = 1;
        else if (outcome == EngineCallOutcome.Unavailable)
            _dockerReachable = 0;
    }

    /// <summary>An image pull ended: <c>ok</c> or its failure category (not-found, unauthorized, timeout, unreachable).</summary>
    public void ImagePulled(string outcome) => _imagePulls.Add(1, new KeyValuePair<string, object?>("outcome", outcome));

    /// <summary>A cron schedule submitted a run of <paramref name="kind"/>.</summary>
    public void ScheduleFired(ScheduleRunKind kind) => _scheduleFirings.Add(1, new KeyValuePair<string, object?>("kind", kind switch
    {
        ScheduleRunKind.CatchUp => "catch_up",
        _ => kind.ToString().ToLowerInvariant(),
    }));

    /// <summary><paramref name="occurrences"/> occurrences of a schedule were missed (none: nothing recorded).</summary>
    public void ScheduleMisfired(int occurrences)
    {
        if (occurrences > 0)
            _scheduleMisfires.Add(occurrences);
    }

    /// <summary>A workflow reached its final <paramref name="state"/>.</summary>
    public void WorkflowEnded(WorkflowState state) =>
        _workflowsFinished.Add(1, new KeyValuePair<string, object?>("state", state.ToString().ToLowerInvariant()));

    /// <summary>A grain of <paramref name="grain"/> kind (job, schedule, workflow) registered or updated a reminder.</summary>
    public void ReminderRegistered(string grain) => _reminderRegistrations.Add(1, new KeyValuePair<string, object?>("grain", grain));

    /// <summary>A container started <paramref name="wait"/> after its job was submitted (first attempts only).</summary>
    public void QueueWaited(string queue, TimeSpan wait) =>
        _queueWait.Record(Math.Max(0, wait.TotalSeconds), new KeyValuePair<string, object?>("queue", queue));

    /// <summary>An attempt ended after <paramref name="duration"/>; its outcome is <c>succeeded</c> or its failure-reason code.</summary>
    public void AttemptEnded(string queue, AttemptResult result, TimeSpan duration) =>
        _attemptDuration.Record(Math.Max(0, duration.TotalSeconds),
            new KeyValuePair<string, object?>("queue", queue),
            new KeyValuePair<string, object?>("outcome", result.Succeeded ? "succeeded" : ReasonCode(result.FailureReason ?? FailureReasons.NonZeroExit)));

    /// <summary>The deadline sweeper poked one job.</summary>
    public void DeadlinePoked(bool succeeded) => _pokes.Add(1, new KeyValuePair<string, object?>("outcome", succeeded ? "ok" : "failed"));

    /// <summary>A failure reason's code, the part before ':' (the rest may name an image or a message).</summary>
    internal static string ReasonCode(string? reason) => reason is null ? "unknown" : FailureReasons.CodeOf(reason);

    private static string OutcomeLabel(EngineCallOutcome outcome) => outcome switch
    {
        EngineCallOutcome.Ok => "ok",
        EngineCallOutcome.Error => "error",
        EngineCallOutcome.Unavailable => "unavailable",
        _ => "cancelled",
    };

    private static string StateLabel(JobState state) => state switch
    {
        JobState.Scheduled => "scheduled",
        JobState.Queued => "queued",
        JobState.Running => "running",
        JobState.RetryWaiting => "retry_waiting",
        JobState.Succeeded => "succeeded",
        JobState.Failed => "failed",
        JobState.Cancelled => "cancelled",
        JobState.DeadLettered => "dead_lettered",
        _ => state.ToString().ToLowerInvariant(),
    };
}
