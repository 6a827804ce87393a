using JobScheduler.Grains.Interfaces;
using JobScheduler.Tests.Infrastructure;
using StackExchange.Redis;
using Xunit.Abstractions;

namespace JobScheduler.Tests.Faults;

/// <summary>
/// Jobs due beyond <c>Scheduler:Jobs:ReminderHorizon</c> hold no reminder until the deadline sweep arms them
/// (docs/architecture.md, "Wake-up rules"); a silo killed around their arm time costs none of them.
/// </summary>
[Collection(FaultCollection.Name)]
[Trait("Category", "Fault")]
public sealed class ReminderHorizonTests(FaultFixture fixture, ITestOutputHelper output)
{
    private static readonly TimeSpan Horizon = TimeSpan.FromSeconds(8);
    private static readonly TimeSpan DueIn = TimeSpan.FromSeconds(30);
    private const int Jobs = 24;

    [Fact]
    public async Task ScheduledBeyondHorizon_SiloKilledAtTheirArmTime_NoReminderUntilArmedAndEveryJobRunsAtItsTime()
    {
        await using var run = await FaultCluster.StartAsync(fixture, output,
            settings: new Dictionary<string, string> { ["Scheduler__Jobs__ReminderHorizon"] = Horizon.ToString("c") });
        var runAt = DateTimeOffset.UtcNow + DueIn;
        var jobs = await run.SubmitAllAsync([.. Enumerable.Range(0, Jobs).Select(_ => FaultCluster.Job("true") with { RunAt = runAt })]);
        var ids = jobs.Select(j => j.Id).ToArray();

        await using var redis = await ConnectionMultiplexer.ConnectAsync(fixture.Redis.ConnectionString);
        var beforeArm = await RemindersOfAsync(redis, ids);
        output.WriteLine($"{beforeArm} of {Jobs} jobs due in {DueIn.TotalSeconds:0} s hold a reminder after submission (horizon {Horizon.TotalSeconds:0} s)");
        Assert.Equal(0, beforeArm);

        // Kill one silo just after the arm time: the jobs it armed lose their activation (and due timer), those whose
        // reminders its reminder service ran lose their timer there, and its sweeper is gone.
        var armAt = runAt - Horizon;
        await Eventually.Async(() => Task.FromResult(DateTimeOffset.UtcNow >= armAt + TimeSpan.FromSeconds(2)), DueIn, "the arm time to pass");
        var armed = await RemindersOfAsync(redis, ids);
        output.WriteLine($"{armed} of {Jobs} jobs hold a reminder 2 s after their arm time; killing the silo on port {run.Cluster.SiloPorts[0]}");
        run.Cluster.Silos[0].Kill();

        // The run time, failure detection, a sweep and the container: every job runs once, none before its time.
        var deadline = runAt + FaultSettings.Lease + FaultSettings.LeaseSlack + TimeSpan.FromSeconds(15);
        foreach (var id in ids)
        {
            var done = await run.Jobs.WaitUntilAsync(id, j => j.State.IsTerminal(), deadline - DateTimeOffset.UtcNow, "to run after its silo was killed");
            Assert.Equal(JobState.Succeeded, done.State);
            Assert.True(done.Attempts[0].ClaimedAt >= runAt, $"job {id} was claimed at {done.Attempts[0].ClaimedAt:O}, before its run time {runAt:O}");
            output.WriteLine($"{id}: claimed {(done.Attempts[0].ClaimedAt - runAt).TotalMilliseconds:0} ms after its run time, {done.Attempts.Count} attempt(s)");
        }
        Assert.Equal(0, await RemindersOfAsync(redis, ids));
        await run.AssertInvariantsAsync(TimeSpan.FromSeconds(10));
    }

    /// <summary>How many of <paramref name="jobIds"/> have a row in Orleans' reminder table (every key named like reminders).</summary>
    private static async Task<int> RemindersOfAsync(ConnectionMultiplexer redis, IReadOnlyCollection<string> jobIds)
    {
        var db = redis.GetDatabase();
        var rows = new List<string>();
        foreach (var endpoint in redis.GetEndPoints())
        {
            await foreach (var key in redis.GetServer(endpoint).KeysAsync(pattern: "*reminder*"))
            {
                var type = await db.KeyTypeAsync(key);
                if (type == RedisType.SortedSet)
                    rows.AddRange((await db.SortedSetRangeByRankAsync(key)).Select(v => v.ToString()));
                else if (type == RedisType.Hash)
                    rows.AddRange((await db.HashGetAllAsync(key)).Select(e => $"{e.Name} {e.Value}"));
            }
        }
        return jobIds.Count(id => rows.Any(row => row.Contains(id, StringComparison.Ordinal)));
    }
}
