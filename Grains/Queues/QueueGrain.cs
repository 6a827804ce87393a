using JobScheduler.Grains.Hosting;
using JobScheduler.Grains.Indexing;
using JobScheduler.Grains.Interfaces;
using JobScheduler.Grains.Jobs;
using JobScheduler.Grains.Policy;
using JobScheduler.Grains.Workers;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Runtime;

namespace JobScheduler.Grains.Queues;

/// <summary>
/// Holds a queue's ready jobs in memory, in dispatch order, the workers waiting for work in least-recently-used
/// order, and the jobs it dispatched that still run. Workers pull; the queue only nudges an idle worker,
/// preferring one that already has the job's image. Losing this activation loses no job: each queued job
/// re-enqueues itself from its reminder, and workers report what they run with every heartbeat.
/// </summary>
[KeepAlive]
public sealed partial class QueueGrain(
    [PersistentState("queue")] IPersistentState<QueueGrainState> state,
    IClusterMembershipService membership,
    IJobIndex index,
    IOptions<LeaseOptions> leaseOptions,
    SubmissionPolicy policy,
    TimeProvider time,
    GrainReferences grains,
    ILogger<QueueGrain> logger) : Grain, IQueueGrain, IQueueProtocolGrain
{
    // How long a vacant queue stays after a read before it leaves memory (see DeactivateIfVacant).
    private static readonly TimeSpan VacantLinger = TimeSpan.FromSeconds(5);
    private IGrainTimer? _vacancyCheck;
    private readonly SortedSet<QueueEntry> _ready = new(QueueEntryOrder.Instance);
    private readonly Dictionary<string, QueueEntry> _byJobId = new(StringComparer.Ordinal);

    // Idle workers, least recently used first.
    private readonly LinkedList<string> _idleWorkers = new();

    // Workers told that this queue exists. A worker pulls only from queues it has heard of, so a new
    // queue (or this activation after a silo loss) introduces itself once to every active worker.
    private readonly HashSet<string> _introducedTo = new(StringComparer.Ordinal);

    private string QueueName => this.GetPrimaryKeyString();

    private QueueSettings Settings => state.State.Settings;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        StartRunningAccounting();
        return Task.CompletedTask;
    }

    public Task Enqueue(QueueEntry entry)
    {
        // A job handed out moments ago is being claimed: a re-check from its grain must not hand it out twice.
        if (IsBeingClaimed(entry.JobId))
            return Task.CompletedTask;
        ForgetRunning(entry.JobId);
        if (_byJobId.TryAdd(entry.JobId, entry))
        {
            _ready.Add(entry);
            IntroduceToNewWorkers();
            NotifyNextIdleWorker(entry.Image);
        }
        return Task.CompletedTask;
    }

    public Task<QueueBatch> Dequeue(string worker, int max)
    {
        var taken = state.State.Paused ? [] : TakeDispatchable(worker, max);
        if (taken.Count < max)
        {
            // Used just now (if it got work) means most recently used: to the back of the line.
            if (taken.Count > 0 || !_idleWorkers.Contains(worker))
            {
                _idleWorkers.Remove(worker);
                _idleWorkers.AddLast(worker);
            }
        }
        else
        {
            _idleWorkers.Remove(worker);
        }
        return Task.FromResult(taken.Count == 0
            ? QueueBatch.Empty
            : new QueueBatch
            {
                Entries = taken,
                DefaultResources = Settings.Resources,
                User = Settings.User,
                WritableRootFilesystem = Settings.WritableRootFilesystem,
            });
    }

    public Task Remove(string jobId)
    {
        if (_byJobId.Remove(jobId, out var entry))
            _ready.Remove(entry);
        return Task.CompletedTask;
    }

    public Task<int> GetDepth()
    {
        DeactivateIfVacant();
        return Task.FromResult(_ready.Count);
    }

    public Task<QueueSettings> GetSettings()
    {
        DeactivateIfVacant();
        return Task.FromResult(Settings);
    }

    public async Task<QueueStatus> UpdateSettings(QueueSettings settings)
    {
        // The server's limits live in the silo's configuration: only here can defaults above them be refused.
        var errors = policy.CheckQueueSettings(settings);
        if (errors.Count > 0)
            throw new JobValidationException(errors);
        state.State.Settings = settings;
        await state.WriteStateAsync();
        policy.QueueSettingsChanged(QueueName);
        await index.RecordQueueAsync(QueueName);
        // A raised limit may let waiting jobs run now.
        NotifyNextIdleWorker(image: null);
        return Status();
    }

    public async Task<QueueStatus> SetPaused(bool paused)
    {
        if (state.State.Paused != paused)
        {
            state.State.Paused = paused;
            await state.WriteStateAsync();
            await index.RecordQueueAsync(QueueName);
            if (!paused)
                NotifyIdleWorkers();
        }
        return Status();
    }

    public Task<QueueStatus> GetStatus()
    {
        DeactivateIfVacant();
        return Task.FromResult(Status());
    }

    /// <summary>
    /// A read of a queue nobody uses (no stored settings, no job waiting or running, no worker that has heard of it)
    /// leaves no activation behind: [KeepAlive] keeps live queues in memory, and would otherwise keep every name
    /// anyone ever asked about, for good. A later read or job activates it again, with nothing lost.
    /// </summary>
    /// <summary>
    /// A queue that nobody uses (no settings, no jobs, no workers) leaves memory a little after a read, so reads of
    /// made-up queue names cannot pile up activations. Not at once: a job's submission reads its queue's settings just
    /// before enqueueing into it, and a burst of them would otherwise deactivate and reactivate the queue on every
    /// call (and fail the calls caught in between).
    /// </summary>
    private void DeactivateIfVacant()
    {
        if (IsVacant && _vacancyCheck is null)
            _vacancyCheck = this.RegisterGrainTimer(LeaveIfStillVacant, VacantLinger, Timeout.InfiniteTimeSpan);
    }

    private Task LeaveIfStillVacant()
    {
        _vacancyCheck?.Dispose();
        _vacancyCheck = null;
        if (IsVacant)
            DeactivateOnIdle();
        return Task.CompletedTask;
    }

    private bool IsVacant => !state.RecordExists && _ready.Count == 0 && _running.Count == 0 && _idleWorkers.Count == 0 && _imagesByWorker.Count == 0;

    private QueueStatus Status() => new()
    {
        Name = QueueName,
        Paused = state.State.Paused,
        Settings = Settings,
        Running = _running.Count,
        Ready = _ready.Count,
        RunningByConcurrencyKey = new Dictionary<string, int>(_runningByKey, StringComparer.Ordinal),
    };

    /// <summary>Takes up to <paramref name="max"/> entries in order, within the queue limit and each entry's key limit.</summary>
    private List<QueueEntry> TakeDispatchable(string worker, int max)
    {
        var room = Math.Min(max, RoomUnderLimit());
        var taken = new List<QueueEntry>(Math.Max(0, Math.Min(room, _ready.Count)));
        if (room <= 0)
            return taken;

        var takenByKey = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var entry in _ready)
        {
            if (taken.Count >= room)
                break;
            if (entry.ConcurrencyKey is { } key)
            {
                // Until the workers have reported, the counts per key are unknown: hold keyed jobs back.
                var inUse = _runningByKey.GetValueOrDefault(key) + takenByKey.GetValueOrDefault(key);
                if (!RunningCountsKnown || inUse >= entry.MaxConcurrent)
                    continue;
                takenByKey[key] = takenByKey.GetValueOrDefault(key) + 1;
            }
            taken.Add(entry);
        }

        var now = time.GetUtcNow();
        foreach (var entry in taken)
        {
            _ready.Remove(entry);
            _byJobId.Remove(entry.JobId);
            CountRunning(entry.JobId, new DispatchedJob(worker, entry.ConcurrencyKey, now, now));
        }
        return taken;
    }

    private int RoomUnderLimit() => Settings.ConcurrencyLimit switch
    {
        null => int.MaxValue,
        // Until the workers have reported, the running count is unknown: hand out nothing limited.
        _ when !RunningCountsKnown => 0,
        { } limit => limit - _running.Count,
    };

    private void IntroduceToNewWorkers()
    {
        foreach (var (silo, member) in membership.CurrentSnapshot.Members)
        {
            var worker = silo.ToParsableString();
            if (member.Status == SiloStatus.Active && _introducedTo.Add(worker))
                grains.Get<IWorkerProtocolGrain>(worker).NotifyWorkAvailable(QueueName).Ignore();
        }
    }

    /// <summary>Nudges one idle worker: the least recently used that has <paramref name="image"/>, else the least recently used.</summary>
    private void NotifyNextIdleWorker(string? image)
    {
        if (_ready.Count == 0)
            return;
        var chosen = image is null ? null : FirstIdleWorkerWithImage(image);
        for (var node = chosen ?? _idleWorkers.First; node is not null; node = _idleWorkers.First)
        {
            _idleWorkers.Remove(node);
            if (!IsActiveSilo(node.Value))
                continue;
            // One-way: the worker pulls back when it can; a lost nudge is covered by its polling.
            grains.Get<IWorkerProtocolGrain>(node.Value).NotifyWorkAvailable(QueueName).Ignore();
            return;
        }
    }

    private void NotifyIdleWorkers()
    {
        var count = Math.Min(_idleWorkers.Count, _ready.Count);
        for (var i = 0; i < count; i++)
            NotifyNextIdleWorker(image: null);
    }

    private LinkedListNode<string>? FirstIdleWorkerWithImage(string image)
    {
        for (var node = _idleWorkers.First; node is not null; node = node.Next)
        {
            if (_imagesByWorker.TryGetValue(node.Value, out var images) && images.Contains(image))
                return node;
        }
        return null;
    }

    private bool IsActiveSilo(string worker)
    {
        try
        {
            return membership.CurrentSnapshot.GetSiloStatus(SiloAddress.FromParsableString(worker)) == SiloStatus.Active;
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
