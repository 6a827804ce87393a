namespace JobScheduler.Grains.Deadlines;

/// <summary>
/// Every non-terminal job's next deadline (run time, retry time, lease expiry, queue re-check), kept
/// outside the job grains so that each silo's <c>DeadlineSweeper</c> can find overdue jobs every few
/// seconds. This bounds lateness after a silo crash by failure detection instead of by the one-minute
/// reminder period (a reminder tick due while its silo dies is skipped, not replayed).
/// Redis sorted set in cluster mode; memory in embedded mode.
/// </summary>
public interface IJobDeadlines
{
    /// <summary>Sets (or moves) the job's deadline.</summary>
    Task SetAsync(string jobId, DateTimeOffset deadline);

    /// <summary>Forgets the job (it reached a terminal state).</summary>
    Task ClearAsync(string jobId);

    /// <summary>
    /// Atomically takes up to <paramref name="max"/> jobs whose deadline is at or before <paramref name="now"/>
    /// and moves each one's deadline to <paramref name="now"/> + <paramref name="redeliverAfter"/>, so that
    /// concurrent sweepers on other silos do not take the same job, and a job whose poke got lost comes back.
    /// The job grain sets its real next deadline when poked.
    /// </summary>
    Task<IReadOnlyList<string>> ClaimOverdueAsync(DateTimeOffset now, int max, TimeSpan redeliverAfter);
}
