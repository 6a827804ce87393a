using System.Collections.Concurrent;
using Hangfire;
using Hangfire.Common;
using Hangfire.Redis.StackExchange;
using Hangfire.Storage;

namespace JobScheduler.Benchmarks;

/// <summary>
/// B8's peer: Hangfire's recurring jobs with its Redis storage (Hangfire.Redis.StackExchange) on the same Redis and
/// machine, as many as B8's schedules, on the same seconds cron, with every Hangfire option at its default (the server's
/// polling, its workers, the misfire handling). Each execution records when it ran; the window is the same as B8's.
/// </summary>
public static class HangfireRecurringPeer
{
    private static readonly ConcurrentQueue<(int Schedule, DateTimeOffset At)> Executions = new();

    /// <summary>What the peer did in the window.</summary>
    /// <param name="FiredFraction">Executions in the window over the occurrences in it (recurring jobs x seconds).</param>
    /// <param name="LatenessP50">Median of each execution's start minus the oldest occurrence of its recurring job it had not yet served.</param>
    /// <param name="LatenessP99">The 99th percentile of the same.</param>
    /// <param name="Executions">Executions of the recurring jobs in all, in the window or not.</param>
    /// <param name="State">What Hangfire's storage says of its recurring jobs at the end (how many ran at least once, the first error).</param>
    public sealed record Outcome(double FiredFraction, double LatenessP50, double LatenessP99, long Executions, string State);

    public static async Task<Outcome> MeasureAsync(string redisConnectionString, int schedules, string cron, TimeSpan lead, TimeSpan window,
        TimeSpan grace, CancellationToken cancellationToken)
    {
        Executions.Clear();
        var storage = new RedisStorage(redisConnectionString, new RedisStorageOptions { Prefix = $"hangfire-recurring-{Guid.NewGuid():N}:" });
        var manager = new RecurringJobManager(storage);
        for (var i = 0; i < schedules; i++)
        {
            var index = i;
            manager.AddOrUpdate($"b8-{i}", Job.FromExpression(() => Fired(index)), cron, new RecurringJobOptions { TimeZone = TimeZoneInfo.Utc });
        }
        var from = DateTimeOffset.FromUnixTimeSeconds((DateTimeOffset.UtcNow + lead).ToUnixTimeSeconds() + 1);
        var to = from + window;
        string state;
        using (new BackgroundJobServer(new BackgroundJobServerOptions(), storage))
        {
            await Task.Delay(to + grace - DateTimeOffset.UtcNow, cancellationToken);
            state = Describe(storage);
            for (var i = 0; i < schedules; i++)
                manager.RemoveIfExists($"b8-{i}");
        }

        var lateness = new List<double>();
        long fired = 0;
        foreach (var schedule in Executions.Where(e => e.At >= from && e.At < to + grace).GroupBy(e => e.Schedule))
        {
            var unserved = from;
            foreach (var execution in schedule.OrderBy(e => e.At))
            {
                // An execution after the window serves no occurrence of it.
                if (unserved >= to)
                    break;
                fired++;
                lateness.Add((execution.At - unserved).TotalMilliseconds);
                unserved = DateTimeOffset.FromUnixTimeSeconds(execution.At.ToUnixTimeSeconds() + 1);
            }
        }
        var expected = (double)schedules * window.TotalSeconds;
        return new Outcome(fired / expected, Percentiles.Of(lateness, 50), Percentiles.Of(lateness, 99), Executions.Count, state);
    }

    private static string Describe(JobStorage storage)
    {
        using var connection = storage.GetConnection();
        var recurring = connection.GetRecurringJobs();
        var ran = recurring.Count(r => r.LastExecution is not null);
        var error = recurring.Select(r => r.Error).FirstOrDefault(e => !string.IsNullOrEmpty(e));
        return $"{ran} of {recurring.Count} recurring jobs ran at least once" + (error is null ? "" : $", first error: {error}");
    }

    /// <summary>The recurring job: notes when it ran. Public and static for Hangfire.</summary>
    public static void Fired(int schedule) => Executions.Enqueue((schedule, DateTimeOffset.UtcNow));
}
