using JobScheduler.Grains.Interfaces;
using JobScheduler.Tests.Infrastructure;

namespace JobScheduler.Tests.Schedules;

/// <summary>Misfire policies across a full cluster restart: real silo and API processes on Redis, a real Docker engine.</summary>
[Collection(RedisCollection.Name)]
[Trait("Category", "Cluster")]
public sealed class ScheduleMisfireTests(RedisFixture redis)
{
    private static readonly TimeSpan Grace = TimeSpan.FromSeconds(2);
    private static readonly JobSpec Quick = new() { Image = "busybox:latest", Command = ["true"], Retry = new RetryPolicy { MaxAttempts = 1 } };

    [Fact]
    public async Task ClusterDownEightSeconds_RunOnceRunsOneJobForTheMissedOccurrences_SkipRunsNone_ThenBothContinue()
    {
        await using var cluster = new SchedulerCluster(redis.ConnectionString, silos: 1, environment: new Dictionary<string, string>
        {
            ["Scheduler__Schedules__MisfireGrace"] = "00:00:02",
        });
        await cluster.StartAsync();
        var before = new SchedulesHttpClient(cluster.CreateApiClient());
        var runOnce = await before.CreateAsync(new ScheduleSpec { Cron = "*/2 * * * * *", Job = Quick, Overlap = OverlapPolicy.Allow, Misfire = MisfirePolicy.RunOnce });
        var skip = await before.CreateAsync(new ScheduleSpec { Cron = "*/2 * * * * *", Job = Quick, Overlap = OverlapPolicy.Allow, Misfire = MisfirePolicy.Skip });
        await Eventually.Async(async () =>
            (await before.RunsAsync(runOnce.Id)).Any(r => r.JobId is not null) && (await before.RunsAsync(skip.Id)).Any(r => r.JobId is not null),
            TimeSpan.FromSeconds(10), "both schedules to run before the stop");

        await cluster.StopAsync();
        var downFrom = DateTimeOffset.UtcNow;
        await Task.Delay(TimeSpan.FromSeconds(8)); // the cluster is down: nothing could run
        var downTo = DateTimeOffset.UtcNow;
        await cluster.StartAsync();

        var after = new SchedulesHttpClient(cluster.CreateApiClient());
        ScheduleRun[] runOnceRuns = [], skipRuns = [];
        await Eventually.Async(async () =>
        {
            runOnceRuns = await after.RunsAsync(runOnce.Id);
            skipRuns = await after.RunsAsync(skip.Id);
            return runOnceRuns.Any(r => r.Kind == ScheduleRunKind.Scheduled && r.JobId is not null && r.Occurrence > downTo)
                && skipRuns.Any(r => r.Kind == ScheduleRunKind.Scheduled && r.JobId is not null && r.Occurrence > downTo);
        }, TimeSpan.FromSeconds(30), $"both schedules to run again after the restart{Environment.NewLine}{cluster.Diagnostics}");

        try
        {
            // runOnce: one catch-up job stands for every occurrence missed since the stop.
            var catchUp = Assert.Single(runOnceRuns, r => r.Kind == ScheduleRunKind.CatchUp);
            Assert.True(catchUp.Occurrences >= 3, $"the catch-up stands for {catchUp.Occurrences} occurrence(s)");
            Assert.Equal(ScheduleIds.JobIdFor(runOnce.Id, catchUp.Occurrence), catchUp.JobId);
            Assert.Single(runOnceRuns, r => r.JobId is not null && r.Occurrence > downFrom && r.Occurrence <= catchUp.Occurrence);
            var job = await after.JobAsync(catchUp.JobId!);
            Assert.Equal(runOnce.Id, job.Parent?.Id);
            Assert.DoesNotContain(runOnceRuns, r => r.Skipped == ScheduleSkipReason.Misfire);

            // skip: no job for the missed occurrences, one entry that counts them.
            var missed = Assert.Single(skipRuns, r => r.Skipped == ScheduleSkipReason.Misfire);
            Assert.True(missed.Occurrences >= 3, $"the summary counts {missed.Occurrences} occurrence(s)");
            Assert.DoesNotContain(skipRuns, r => r.JobId is not null && r.Occurrence > downFrom && r.Occurrence <= missed.Occurrence);
            Assert.DoesNotContain(skipRuns, r => r.Kind == ScheduleRunKind.CatchUp);
        }
        finally
        {
            await after.DeleteAsync(runOnce.Id);
            await after.DeleteAsync(skip.Id);
        }
    }
}
