using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Text.Json;
using JobScheduler.Grains.Interfaces;

namespace JobScheduler.Client.Api.Jobs;

/// <summary>
/// A log follow as Server-Sent Events: <c>event: build</c> (the build phase), <c>event: stdout</c> / <c>event: stderr</c> with one line each, then one
/// <c>event: end</c> with <see cref="LogFollowEnd"/> as JSON.
/// </summary>
internal static class LogFollow
{
    /// <summary>The event type of the final event.</summary>
    public const string EndEvent = "end";

    /// <summary>
    /// The events of a follow of <paramref name="job"/> (already read and allowed to the caller), optionally of one
    /// stream only. The end event reads the job again, for the state its attempt left it in.
    /// </summary>
    public static async IAsyncEnumerable<SseItem<string>> EventsAsync(
        JobRecord job, LogStream? only, JobSchedulerClient client, JsonSerializerOptions json,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var attempt = job.CurrentAttempt?.Number ?? 0;
        string? dropped = null;
        await foreach (var line in client.FollowLogsAsync(job.Id, cancellationToken).WithCancellation(cancellationToken))
        {
            if (line.Stream == LogStream.Dropped)
            {
                dropped = line.Text;
                break;
            }
            if (only is null || line.Stream == only)
                yield return new SseItem<string>(line.Text, line.Stream switch { LogStream.Stderr => "stderr", LogStream.Build => "build", _ => "stdout" });
        }

        var after = await client.GetAsync(job.Id, cancellationToken) ?? job;
        var ended = after.Attempts.FirstOrDefault(a => a.Number == attempt);
        var end = new LogFollowEnd(attempt, after.State, ended?.ExitCode) { Dropped = dropped is not null, Reason = dropped };
        yield return new SseItem<string>(JsonSerializer.Serialize(end, json), EndEvent);
    }
}
