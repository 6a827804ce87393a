using JobScheduler.Grains.Interfaces;

namespace JobScheduler.Grains.Queues;

/// <summary>
/// The queue's count of running jobs, for its concurrency limit and the jobs' concurrency keys. Dispatching
/// counts a job; its worker releases it when it ends and reports every heartbeat what it still runs, so a
/// lost release or a dead worker costs a slot for a few heartbeats, and a fresh activation (after its silo
/// died) relearns the count from the reports before it dispatches anything limited.
/// </summary>
public sealed partial class QueueGrain
{
    private readonly Dictionary<string, DispatchedJob> _running = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _runningByKey = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HashSet<string>> _imagesByWorker = new(StringComparer.Ordinal);
    private DateTimeOffset _countsKnownFrom;

    private TimeSpan HeartbeatInterval => leaseOptions.Value.HeartbeatInterval;

    // A job dequeued moments ago may not be in its worker's report yet: its claim is in flight.
    private TimeSpan ClaimGrace => HeartbeatInterval;

    // Not reported for this long means its worker is gone.
    private TimeSpan ReportTimeout => HeartbeatInterval * 3;

    private bool RunningCountsKnown => time.GetUtcNow() >= _countsKnownFrom;

    public Task Release(string jobId, string worker)
    {
        if (_running.TryGetValue(jobId, out var dispatched) && dispatched.Worker == worker)
        {
            ForgetRunning(jobId);
            NotifyNextIdleWorker(image: null);
        }
        return Task.CompletedTask;
    }

    public Task ReportRunning(string worker, IReadOnlyList<RunningJob> running, IReadOnlyList<string> images)
    {
        var now = time.GetUtcNow();
        _imagesByWorker[worker] = new HashSet<string>(images, StringComparer.Ordinal);
        var reported = new HashSet<string>(StringComparer.Ordinal);
        foreach (var job in running)
        {
            reported.Add(job.JobId);
            CountRunning(job.JobId, _running.TryGetValue(job.JobId, out var known)
                ? known with { Worker = worker, SeenAt = now }
                : new DispatchedJob(worker, job.ConcurrencyKey, now, now));
        }

        var released = false;
        foreach (var (jobId, dispatched) in _running.ToArray())
        {
            if (dispatched.Worker == worker && !reported.Contains(jobId) && now - dispatched.DispatchedAt > ClaimGrace)
            {
                ForgetRunning(jobId);
                released = true;
            }
        }
        if (released)
            NotifyNextIdleWorker(image: null);
        return Task.CompletedTask;
    }

    private bool IsBeingClaimed(string jobId) =>
        _running.TryGetValue(jobId, out var dispatched)
        && dispatched.SeenAt == dispatched.DispatchedAt
        && time.GetUtcNow() - dispatched.DispatchedAt <= ClaimGrace;

    private void StartRunningAccounting()
    {
        // Every worker reports within one heartbeat interval; wait a little longer before trusting the count.
        _countsKnownFrom = time.GetUtcNow() + HeartbeatInterval * 1.5;
        this.RegisterGrainTimer(DropUnreportedAsync, HeartbeatInterval, HeartbeatInterval);
    }

    private Task DropUnreportedAsync()
    {
        var now = time.GetUtcNow();
        var dropped = false;
        foreach (var (jobId, dispatched) in _running.ToArray())
        {
            if (now - dispatched.SeenAt > ReportTimeout)
            {
                ForgetRunning(jobId);
                _imagesByWorker.Remove(dispatched.Worker);
                dropped = true;
            }
        }
        if (dropped)
            NotifyNextIdleWorker(image: null);
        return Task.CompletedTask;
    }

    private void CountRunning(string jobId, DispatchedJob dispatched)
    {
        if (!_running.TryGetValue(jobId, out var previous))
        {
            if (dispatched.ConcurrencyKey is { } key)
                _runningByKey[key] = _runningByKey.GetValueOrDefault(key) + 1;
        }
        else if (previous.ConcurrencyKey != dispatched.ConcurrencyKey)
        {
            dispatched = dispatched with { ConcurrencyKey = previous.ConcurrencyKey };
        }
        _running[jobId] = dispatched;
    }

    private void ForgetRunning(string jobId)
    {
        if (!_running.Remove(jobId, out var dispatched) || dispatched.ConcurrencyKey is not { } key)
            return;
        if (_runningByKey[key] <= 1)
            _runningByKey.Remove(key);
        else
            _runningByKey[key]--;
    }
}
