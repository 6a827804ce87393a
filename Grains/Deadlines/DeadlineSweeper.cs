using JobScheduler.Grains.Hosting;
using JobScheduler.Grains.Observability;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Runtime;

namespace JobScheduler.Grains.Deadlines;

/// <summary>
/// The catch-up for lost reminder ticks, one per silo: every <see cref="DeadlineOptions.SweepInterval"/> it
/// claims the overdue jobs from <see cref="IJobDeadlines"/> and pokes each job grain to reconcile. A reminder
/// tick due while its silo died comes one period (a minute) late; with this sweep the job is late by failure
/// detection plus one sweep interval instead.
/// </summary>
/// <remarks>
/// Every silo sweeps, and nothing divides the work between them on purpose: the claim is atomic and moves each
/// claimed job <see cref="DeadlineOptions.RedeliverAfter"/> into the future, so an overdue job is poked by one
/// silo once per redelivery window however many silos sweep, and the load spreads over the silos by who asks
/// first. A silo that dies between claim and poke costs those jobs one redelivery window, not more.
/// </remarks>
internal sealed partial class DeadlineSweeper(
    IJobDeadlines deadlines,
    IJobPoker poker,
    IOptions<DeadlineOptions> options,
    TimeProvider time,
    SchedulerMetrics metrics,
    ILogger<DeadlineSweeper> logger) : ILifecycleParticipant<ISiloLifecycle>
{
    private readonly DeadlineOptions _options = options.Value;
    private TimedLoop? _loop;

    /// <inheritdoc />
    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(DeadlineSweeper), ServiceLifecycleStage.Active, StartAsync, StopAsync);

    /// <summary>Starts the loop; its first sweep runs at once, catching up on whatever fell due while the cluster was down.</summary>
    internal Task StartAsync(CancellationToken cancellationToken)
    {
        LogStarting(_options.SweepInterval, _options.BatchSize, _options.RedeliverAfter);
        // Redis unreachable or slow: nothing was claimed, or what was claimed comes back after RedeliverAfter.
        // The reminders still run meanwhile; the loop logs the failure and the next sweep tries again.
        _loop = new TimedLoop(
            new TimedLoopSettings { Name = nameof(DeadlineSweeper), Interval = _options.SweepInterval, MaxBackoff = _options.SweepInterval },
            async stopping =>
            {
                await SweepAsync(stopping);
                return TimedLoopStep.Wait;
            },
            time,
            logger);
        _loop.Start();
        return Task.CompletedTask;
    }

    /// <summary>
    /// Stops the loop without waiting for pokes in flight; jobs claimed but not yet poked are claimed again
    /// by any silo after <see cref="DeadlineOptions.RedeliverAfter"/>.
    /// </summary>
    internal Task StopAsync(CancellationToken cancellationToken) => _loop?.StopAsync(cancellationToken) ?? Task.CompletedTask;

    /// <summary>Claims and pokes overdue jobs until a claim comes back short of a full batch.</summary>
    private async Task SweepAsync(CancellationToken stopping)
    {
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = _options.MaxConcurrentPokes, CancellationToken = stopping };
        while (true)
        {
            var started = time.GetTimestamp();
            var claimed = await deadlines.ClaimOverdueAsync(time.GetUtcNow(), _options.BatchSize, _options.RedeliverAfter);
            if (claimed.Count == 0)
                return;
            await Parallel.ForEachAsync(claimed, parallel, PokeAsync);
            LogSwept(claimed.Count, time.GetElapsedTime(started));
            // A short batch means nothing else is overdue; a full one means a backlog (after an outage,
            // or a burst of jobs due at once) that should not wait a sweep interval per batch.
            if (claimed.Count < _options.BatchSize)
                return;
        }
    }

    private async ValueTask PokeAsync(string jobId, CancellationToken stopping)
    {
        try
        {
            // The grain call cannot be cancelled, but a stopping silo need not wait for it.
            await poker.PokeAsync(jobId).WaitAsync(stopping);
            metrics.DeadlinePoked(succeeded: true);
        }
        catch (Exception e) when (!stopping.IsCancellationRequested)
        {
            // One job's failure (its silo dying, a timeout, a broken grain) must not hold up the others;
            // its deadline was moved RedeliverAfter ahead by the claim, so it is poked again then.
            metrics.DeadlinePoked(succeeded: false);
            LogPokeFailed(e, jobId, _options.RedeliverAfter);
        }
    }
}
