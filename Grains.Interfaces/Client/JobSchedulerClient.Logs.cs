using System.Runtime.CompilerServices;

namespace JobScheduler.Grains.Interfaces;

/// <summary>Log follow: a running attempt's output as the container writes it.</summary>
public sealed partial class JobSchedulerClient
{
    // A follow that finds the attempt not yet known to its worker tries again this often, this long apart.
    private const int FollowTries = 5;
    private static readonly TimeSpan FollowRetryDelay = TimeSpan.FromMilliseconds(200);

    /// <summary>
    /// Follows the job's output. For a running job: the lines its worker kept so far, then each line as the container
    /// writes it, straight from the silo that runs it; the enumeration ends once the attempt's result is recorded (read
    /// the job then for its outcome). For a job not running: the stored tail of its latest attempt (stdout's lines,
    /// then stderr's). A follower that falls too far behind gets a last <see cref="LogStream.Dropped"/> item.
    /// </summary>
    /// <exception cref="KeyNotFoundException">No job has this id.</exception>
    public async IAsyncEnumerable<LogLine> FollowLogsAsync(string jobId, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var job = await GetAsync(jobId, cancellationToken) ?? throw new KeyNotFoundException($"No job has id '{jobId}'.");
        for (var tries = 0; job is { State: JobState.Running, CurrentAttempt: { } attempt } && tries < FollowTries; tries++)
        {
            var followed = false;
            var lines = grains.GetGrain<IWorkerGrain>(attempt.Worker).FollowLogs(jobId, attempt.Number, cancellationToken);
            await foreach (var line in lines.WithCancellation(cancellationToken))
            {
                followed = true;
                yield return line;
            }
            if (followed)
                yield break;
            // Nothing came: the output was empty, or the worker did not run the attempt (any more, or yet: the claim's
            // answer is still on its way to it). Only in the last case is the same attempt still running; look again.
            var after = await GetAsync(jobId, cancellationToken);
            if (after is not { State: JobState.Running } || after.CurrentAttempt?.Number != attempt.Number)
                break;
            await Task.Delay(FollowRetryDelay, _time, cancellationToken);
            job = after;
        }

        // The attempt ended (or never started) with nothing followed: its stored tail is its whole output, none of it sent.

        if (await GetLogsAsync(jobId, cancellationToken) is not { } logs)
            yield break;
        foreach (var line in LogLineSplitter.Split(LogStream.Stdout, logs.Stdout))
            yield return line;
        foreach (var line in LogLineSplitter.Split(LogStream.Stderr, logs.Stderr))
            yield return line;
    }
}
