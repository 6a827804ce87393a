using JobScheduler.Grains.Hosting;
using JobScheduler.Grains.Indexing;
using JobScheduler.Grains.Interfaces;
using JobScheduler.Grains.Jobs;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Runtime;

namespace JobScheduler.Grains.Retention;

/// <summary>
/// Deletes finished jobs past <see cref="JobOptions.Retention"/>, one per silo, every
/// <see cref="JobOptions.RetentionSweepInterval"/>: it pages each finished state's index set oldest first and asks
/// each expired job's grain to delete itself (state, logs and index entries together, the queue's counts with them).
/// Nothing is added to a job's own path: a job costs the same Redis commands whether or not it is ever swept.
/// </summary>
/// <remarks>
/// The index orders jobs by creation, not by end, so a page holds jobs created before the cutoff; those that ended
/// later (a long run, a late run time) are skipped and looked at again next sweep. The grain decides, from its
/// persisted state and the clock, so a job requeued meanwhile is kept. Every silo sweeps and nothing divides the
/// work: a job asked twice answers false the second time.
/// </remarks>
internal sealed partial class RetentionSweeper(
    IJobIndex index,
    IGrainFactory grains,
    IOptions<JobOptions> options,
    TimeProvider time,
    ILogger<RetentionSweeper> logger) : ILifecycleParticipant<ISiloLifecycle>
{
    private const int MaxConcurrentDeletes = 16;

    // How many pages of not-yet-expired jobs one sweep looks through per state before it gives up until the next.
    private const int MaxPagesPerSweep = 10;

    private static readonly JobState[] FinishedStates = [JobState.Succeeded, JobState.Failed, JobState.Cancelled];

    private readonly JobOptions _options = options.Value;
    private TimedLoop? _loop;

    /// <inheritdoc />
    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(RetentionSweeper), ServiceLifecycleStage.Active, StartAsync, StopAsync);

    private Task StartAsync(CancellationToken cancellationToken)
    {
        LogStarting(_options.Retention, _options.RetentionSweepInterval, _options.RetentionBatchSize);
        // The first sweep comes one interval after the start, as every later one.
        _loop = new TimedLoop(
            new TimedLoopSettings
            {
                Name = nameof(RetentionSweeper),
                Interval = _options.RetentionSweepInterval,
                FirstDelay = _options.RetentionSweepInterval,
                MaxBackoff = _options.RetentionSweepInterval,
            },
            SweepAllAsync,
            time,
            logger);
        _loop.Start();
        return Task.CompletedTask;
    }

    private Task StopAsync(CancellationToken cancellationToken) => _loop?.StopAsync(cancellationToken) ?? Task.CompletedTask;

    /// <summary>One sweep: up to one batch of each finished state; one state's failure does not hold up the others.</summary>
    private async Task<TimedLoopStep> SweepAllAsync(CancellationToken stopping)
    {
        foreach (var state in FinishedStates)
        {
            try
            {
                var deleted = await SweepAsync(state, stopping);
                if (deleted > 0)
                    LogSwept(deleted, state);
            }
            catch (Exception e) when (!stopping.IsCancellationRequested)
            {
                // Redis unreachable or slow: the jobs stay until a later sweep; nothing is half-deleted, since
                // each job's grain deletes its state and index entries itself.
                LogSweepFailed(e, state, _options.RetentionSweepInterval);
            }
        }
        return TimedLoopStep.Wait;
    }

    /// <summary>Deletes up to one batch of <paramref name="state"/>'s expired jobs; returns how many.</summary>
    private async Task<int> SweepAsync(JobState state, CancellationToken stopping)
    {
        var cutoff = time.GetUtcNow() - _options.Retention;
        var batch = _options.RetentionBatchSize;
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = MaxConcurrentDeletes, CancellationToken = stopping };
        var deleted = 0;
        var offset = 0L;
        for (var pages = 0; pages < MaxPagesPerSweep && deleted < batch; pages++)
        {
            var page = await index.OldestAsync(state, cutoff, offset, batch);
            if (page.Count == 0)
                break;
            var expired = page.Where(j => j.UpdatedAt <= cutoff).Take(batch - deleted).ToArray();
            var gone = 0;
            await Parallel.ForEachAsync(expired, parallel, async (job, _) =>
            {
                if (await grains.GetGrain<IJobProtocolGrain>(job.Id).Expire(_options.Retention))
                    Interlocked.Increment(ref gone);
            });
            deleted += gone;
            // Deleted jobs left the set; the rest of the page is still ahead of the next one.
            offset += page.Count - gone;
            if (page.Count < batch)
                break;
        }
        return deleted;
    }
}
