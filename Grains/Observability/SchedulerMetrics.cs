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

    private readonly Counter<long> _submitted;
    private readonly Counter<long> _started;
    private readonly Counter<long> _finished;
    private readonly Counter<long> _retries;
    private readonly Counter<long> _deadLetters;
    private readonly Counter<long> _leaseExpiries;
    private readonly Counter<long> _pokes;
    private readonly Histogram<double> _attemptDuration;
    private readonly Histogram<double> _queueWait;
    private volatile Func<WorkerLoad>? _workerLoad;

    /// <summary>Creates the meter from the host's factory, so that each host (and test) owns its meter.</summary>
    public SchedulerMetrics(IMeterFactory meters)
    {
        ArgumentNullException.ThrowIfNull(meters);
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
        meter.CreateObservableGauge("jobscheduler.worker.running_jobs", () => _workerLoad?.Invoke().Running ?? 0, "{job}", "Attempts this silo's worker runs now.");
        meter.CreateObservableGauge("jobscheduler.worker.free_slots", FreeSlots, "{slot}", "Slots of this silo's worker that are free.");
    }

    private int FreeSlots() => _workerLoad?.Invoke() is { } load ? Math.Max(0, load.Slots - load.Running) : 0;

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

    private static string StateLabel(JobState state) => state switch
    {
        JobState.Succeeded => "succeeded",
        JobState.Failed => "failed",
        JobState.Cancelled => "cancelled",
        JobState.DeadLettered => "dead_lettered",
        _ => state.ToString().ToLowerInvariant(),
    };
}
