using System.Net;
using System.Net.Http.Json;
using JobScheduler.Grains.Interfaces;
using JobScheduler.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace JobScheduler.Tests.Schedules;

/// <summary>Schedules firing real jobs in embedded mode: on time with seconds in a time zone, overlap, pause, triggers.</summary>
[Collection(EmbeddedApiCollection.Name)]
[Trait("Category", "Docker")]
public sealed class ScheduleFiringTests(EmbeddedApiFixture api)
{
    private static readonly JobSpec Quick = new() { Image = "busybox:latest", Command = ["true"], Retry = new RetryPolicy { MaxAttempts = 1 } };
    private readonly HttpClient _http = api.CreateClient();
    private SchedulesHttpClient Schedules => new(_http);

    [Fact]
    public async Task EveryTwoSeconds_InKolkata_JobsAreCreatedWithinASecondOfOccurrencesTwoSecondsApart()
    {
        await using var stalls = TimerLatenessProbe.Start();
        var schedule = await Schedules.CreateAsync(new ScheduleSpec { Cron = "*/2 * * * * *", TimeZone = "Asia/Kolkata", Job = Quick, Overlap = OverlapPolicy.Allow });
        try
        {
            ScheduleRun[] fired = [];
            await Eventually.Async(async () =>
            {
                fired = (await Schedules.RunsAsync(schedule.Id)).Where(r => r.JobId is not null).Reverse().ToArray();
                return fired.Length >= 2;
            }, TimeSpan.FromSeconds(10), "two occurrences to start jobs");

            Assert.Equal(TimeSpan.FromSeconds(2), fired[1].Occurrence - fired[0].Occurrence);
            foreach (var run in fired.Take(2))
            {
                Assert.Equal(TimeSpan.FromHours(5.5), run.Occurrence.Offset);
                Assert.Equal(0, run.Occurrence.Second % 2);
                Assert.Equal(ScheduleIds.JobIdFor(schedule.Id, run.Occurrence), run.JobId);
                var job = await Schedules.JobAsync(run.JobId!);
                Assert.Equal(new JobParent { Kind = JobParentKind.Schedule, Id = schedule.Id }, job.Parent);
                var lateness = job.CreatedAt - run.Occurrence;
                // A second is the scheduler's; a stall of this whole process (the embedded silo is in it) comes on top.
                Assert.True(lateness >= TimeSpan.Zero && lateness < TimeSpan.FromSeconds(1) + stalls.Worst,
                    $"job {job.Id} created {lateness.TotalMilliseconds:0} ms after its occurrence; this process's timers ran at worst {stalls.Worst.TotalMilliseconds:0} ms late meanwhile");
            }
        }
        finally
        {
            await Schedules.DeleteAsync(schedule.Id);
        }
    }

    [Fact]
    public async Task OverlapSkip_SlowJobEverySecond_SkipsWhileItRunsAndNeverRunsTwoAtOnce()
    {
        var slow = Quick with { Command = ["sleep", "4"] };
        var schedule = await Schedules.CreateAsync(new ScheduleSpec { Cron = "* * * * * *", Job = slow, Overlap = OverlapPolicy.Skip });
        ScheduleRun[] runs = [];
        try
        {
            // The first job runs ~4 s; the occurrences meanwhile are skipped; once it ended, the next occurrence starts a second job.
            await Eventually.Async(async () =>
            {
                runs = await Schedules.RunsAsync(schedule.Id);
                return runs.Count(r => r.JobId is not null) >= 2;
            }, TimeSpan.FromSeconds(20), "a second job after the first one ended");
        }
        finally
        {
            await Schedules.DeleteAsync(schedule.Id);
        }

        var jobs = runs.Where(r => r.JobId is not null).Reverse().ToArray();
        var first = await Schedules.JobAsync(jobs[0].JobId!);
        var second = await Schedules.JobAsync(jobs[1].JobId!);
        Assert.True(first.State.IsTerminal(), $"the first job is {first.State} while the second started");
        Assert.True(second.CreatedAt >= first.UpdatedAt, $"second job created {second.CreatedAt:O}, before the first ended {first.UpdatedAt:O}");
        var skipped = runs.Where(r => r.Skipped == ScheduleSkipReason.Overlap && r.Occurrence > jobs[0].Occurrence && r.Occurrence < jobs[1].Occurrence).ToArray();
        Assert.True(skipped.Length >= 2, $"expected the occurrences during the slow run to be skipped; runs: {string.Join(", ", runs.Select(r => $"{r.Occurrence:HH:mm:ss} {r.JobId ?? r.Skipped.ToString()}"))}");
        Assert.Contains(jobs[0].JobId!, skipped[0].Detail, StringComparison.Ordinal);
        await _http.PostAsync($"/api/v1/jobs/{jobs[1].JobId}/cancel", null);
    }

    [Fact]
    public async Task Paused_FiresNothingUntilResumed_ButTriggerRunsAtOnce()
    {
        var schedule = await Schedules.CreateAsync(new ScheduleSpec { Cron = "* * * * * *", Job = Quick, Overlap = OverlapPolicy.Allow });
        try
        {
            await _http.PostAsync($"/api/v1/schedules/{schedule.Id}/pause", null);
            var pausedAt = DateTimeOffset.UtcNow;

            using var trigger = await _http.PostAsync($"/api/v1/schedules/{schedule.Id}/trigger", null);
            Assert.Equal(HttpStatusCode.Accepted, trigger.StatusCode);
            var job = await SchedulerCluster.ReadAsync<JobRecord>(trigger);
            Assert.Equal($"/api/v1/jobs/{job.Id}", Uri.UnescapeDataString(trigger.Headers.Location!.OriginalString));
            Assert.Equal(schedule.Id, job.Parent?.Id);

            // Proving that a paused schedule fires nothing needs a window without anything happening: long enough for two
            // occurrences, had it not been paused.
            await Continually.Async(
                async () => (await Schedules.RunsAsync(schedule.Id)).Count() == 1, TimeSpan.FromSeconds(2.5), "the paused schedule keeps only its manual run");
            var runs = await Schedules.RunsAsync(schedule.Id);
            var manual = Assert.Single(runs);
            Assert.Equal((ScheduleRunKind.Manual, job.Id), (manual.Kind, manual.JobId));

            var resumed = await (await _http.PostAsync($"/api/v1/schedules/{schedule.Id}/resume", null)).Content.ReadFromJsonAsync<ScheduleRecord>(SchedulerCluster.Json);
            Assert.True(resumed!.NextOccurrence > pausedAt.AddSeconds(2), "resume must start from now, not from the pause");
            await Eventually.Async(async () => (await Schedules.RunsAsync(schedule.Id)).Any(r => r.Kind == ScheduleRunKind.Scheduled && r.JobId is not null),
                TimeSpan.FromSeconds(5), "an occurrence after the resume to run");
            Assert.DoesNotContain(await Schedules.RunsAsync(schedule.Id), r => r.Kind == ScheduleRunKind.Scheduled && r.Occurrence < resumed.NextOccurrence);
        }
        finally
        {
            await Schedules.DeleteAsync(schedule.Id);
        }
    }

    [Fact]
    public async Task Trigger_TwiceOverHttp_StartsTwoJobs_TwiceForOneOccurrence_StartsOne()
    {
        var schedule = await Schedules.CreateAsync(new ScheduleSpec { Cron = "0 3 1 1 *", Job = Quick });
        try
        {
            var first = await SchedulerCluster.ReadAsync<JobRecord>(await _http.PostAsync($"/api/v1/schedules/{schedule.Id}/trigger", null));
            // Distinct trigger times, to the millisecond: wait until the clock has moved past the first's.
            await Eventually.Async(
                () => Task.FromResult(DateTimeOffset.UtcNow > first.CreatedAt.AddMilliseconds(1)), TimeSpan.FromSeconds(5), "the clock to move past the first trigger");
            var second = await SchedulerCluster.ReadAsync<JobRecord>(await _http.PostAsync($"/api/v1/schedules/{schedule.Id}/trigger", null));
            Assert.NotEqual(first.Id, second.Id);

            // A retried call or duplicated tick for one occurrence: the same grain call twice, concurrently.
            var grain = api.Factory.Services.GetRequiredService<IGrainFactory>().GetGrain<IScheduleGrain>(schedule.Id);
            var occurrence = DateTimeOffset.UtcNow.AddMinutes(-1);
            var twice = (await Task.WhenAll(grain.Trigger(occurrence), grain.Trigger(occurrence))).Select(t => t!.Job).ToArray();

            Assert.Equal(twice[0]!.Id, twice[1]!.Id);
            Assert.Equal(twice[0]!.CreatedAt, twice[1]!.CreatedAt);
            Assert.Equal(ScheduleIds.JobIdFor(schedule.Id, occurrence), twice[0]!.Id);
            var runs = await Schedules.RunsAsync(schedule.Id);
            Assert.Equal(3, runs.Length);
            Assert.Single(runs, r => r.JobId == twice[0]!.Id);
            var listed = await _http.GetFromJsonAsync<JobPage>("/api/v1/jobs?pageSize=500", SchedulerCluster.Json);
            Assert.Single(listed!.Items, j => j.Id == twice[0]!.Id);
        }
        finally
        {
            await Schedules.DeleteAsync(schedule.Id);
        }
    }

    [Fact]
    public async Task TypedClient_CreateTriggerAndWait_SeesTheRunEnd()
    {
        var client = api.Factory.Services.GetRequiredService<JobSchedulerClient>();
        var schedule = await client.CreateScheduleAsync(new ScheduleSpec { Cron = "0 3 1 1 *", Job = Quick with { Command = ["sh", "-c", "exit 3"] } });
        try
        {
            var job = (await client.TriggerScheduleAsync(schedule.Id))!.Job;
            await client.WaitForCompletionAsync(job!.Id).WaitAsync(TimeSpan.FromSeconds(30));

            // The job tells its schedule one-way; the run shows the outcome soon after.
            ScheduleRun? run = null;
            await Eventually.Async(async () =>
            {
                run = (await client.GetScheduleRunsAsync(schedule.Id))!.Single();
                return run.State == JobState.Failed;
            }, TimeSpan.FromSeconds(5), "the run to show the job's end");
            Assert.Equal(3, run!.ExitCode);
            Assert.NotNull(run.EndedAt);
            await Assert.ThrowsAsync<JobValidationException>(() => client.UpdateScheduleAsync(schedule.Id, schedule.Spec with { TimeZone = "Nowhere" }));
            Assert.Contains((await client.ListSchedulesAsync()).Items, s => s.Id == schedule.Id);
        }
        finally
        {
            Assert.True(await client.DeleteScheduleAsync(schedule.Id));
        }
        Assert.Null(await client.GetScheduleAsync(schedule.Id));
    }
}
