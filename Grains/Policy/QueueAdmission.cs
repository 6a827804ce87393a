using JobScheduler.Grains.Indexing;
using JobScheduler.Grains.Interfaces;

namespace JobScheduler.Grains.Policy;

/// <summary>
/// Whether a queue takes one more waiting job: its <see cref="QueueSettings.MaxPending"/> against the index's O(1)
/// counts. Costs nothing for a queue without the limit (its settings come from the per-silo cache).
/// </summary>
public sealed class QueueAdmission(QueueSettingsCache queues, IJobIndex index)
{
    /// <summary>What a refused submitter is told to wait.</summary>
    public static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(5);

    /// <summary>Throws <see cref="AdmissionRejectedException"/> when <paramref name="queue"/> holds its maximum of waiting jobs.</summary>
    public async Task CheckAsync(string queue)
    {
        if ((await queues.GetAsync(queue)).MaxPending is not { } maxPending)
            return;
        var counts = await index.CountByStateAsync(queue);
        var pending = counts.GetValueOrDefault(JobState.Scheduled) + counts.GetValueOrDefault(JobState.Queued) + counts.GetValueOrDefault(JobState.RetryWaiting);
        if (pending >= maxPending)
        {
            throw new AdmissionRejectedException("queue.maxPending",
                $"Queue '{queue}' holds {pending} waiting jobs; its maxPending is {maxPending}.", RetryAfter);
        }
    }
}
