using System.Runtime.CompilerServices;

namespace JobScheduler.Grains.Interfaces;

/// <summary>Log follow: a running attempt's output as the container writes it.</summary>
public sealed partial class JobSchedulerClient
{
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
        if (job is { State: JobState.Running, CurrentAttempt: { } attempt })
        {
            var followed = false;
            var lines = grains.GetGrain<IWorkerGrain>(attempt.Worker).FollowLogs(jobId, attempt.Number, cancellationToken);
            await foreach (var line in lines.WithCancellation(cancellationToken))
            {
                followed = true;
                yield return line;
            }
            // Nothing came: the output was empty, or the worker no longer (or not yet) ran the attempt. Either way the
            // stored tail is the whole output there is, and none of it was sent.
            if (followed)
                yield break;
        }

        if (await GetLogsAsync(jobId, cancellationToken) is not { } logs)
            yield break;
        foreach (var line in LogLineSplitter.Split(LogStream.Stdout, logs.Stdout))
            yield return line;
        foreach (var line in LogLineSplitter.Split(LogStream.Stderr, logs.Stderr))
            yield return line;
    }
}
