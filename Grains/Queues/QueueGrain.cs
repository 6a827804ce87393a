using JobScheduler.Grains.Interfaces;
using Orleans.Runtime;

namespace JobScheduler.Grains.Queues;

/// <summary>
/// Holds a queue's ready jobs in memory, in dispatch order, and the workers waiting for work in
/// least-recently-used order. Workers pull; the queue only nudges the idle worker that waited longest.
/// Losing this activation loses no job: each queued job re-enqueues itself from its reminder.
/// </summary>
[KeepAlive]
public sealed class QueueGrain(IClusterMembershipService membership) : Grain, IQueueGrain
{
    private readonly SortedSet<QueueEntry> _ready = new(QueueEntryOrder.Instance);
    private readonly Dictionary<string, QueueEntry> _byJobId = new(StringComparer.Ordinal);

    // Idle workers, least recently used first.
    private readonly LinkedList<string> _idleWorkers = new();

    // Workers told that this queue exists. A worker pulls only from queues it has heard of, so a new
    // queue (or this activation after a silo loss) introduces itself once to every active worker.
    private readonly HashSet<string> _introducedTo = new(StringComparer.Ordinal);

    private string QueueName => this.GetPrimaryKeyString();

    public Task Enqueue(QueueEntry entry)
    {
        if (_byJobId.TryAdd(entry.JobId, entry))
        {
            _ready.Add(entry);
            IntroduceToNewWorkers();
            NotifyNextIdleWorker();
        }
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<QueueEntry>> Dequeue(string worker, int max)
    {
        var taken = new List<QueueEntry>(Math.Min(Math.Max(max, 0), _ready.Count));
        while (taken.Count < max && _ready.Min is { } next)
        {
            _ready.Remove(next);
            _byJobId.Remove(next.JobId);
            taken.Add(next);
        }

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
        return Task.FromResult<IReadOnlyList<QueueEntry>>(taken);
    }

    public Task Remove(string jobId)
    {
        if (_byJobId.Remove(jobId, out var entry))
            _ready.Remove(entry);
        return Task.CompletedTask;
    }

    public Task<int> GetDepth() => Task.FromResult(_ready.Count);

    private void IntroduceToNewWorkers()
    {
        foreach (var (silo, member) in membership.CurrentSnapshot.Members)
        {
            var worker = silo.ToParsableString();
            if (member.Status == SiloStatus.Active && _introducedTo.Add(worker))
                GrainFactory.GetGrain<IWorkerGrain>(worker).NotifyWorkAvailable(QueueName).Ignore();
        }
    }

    private void NotifyNextIdleWorker()
    {
        while (_idleWorkers.First is { } first)
        {
            _idleWorkers.RemoveFirst();
            if (!IsActiveSilo(first.Value))
                continue;
            // One-way: the worker pulls back when it can; a lost nudge is covered by its polling.
            GrainFactory.GetGrain<IWorkerGrain>(first.Value).NotifyWorkAvailable(QueueName).Ignore();
            return;
        }
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
