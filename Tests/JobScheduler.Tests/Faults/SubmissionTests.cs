using System.Net;
using System.Net.Http.Json;
using JobScheduler.Grains.Interfaces;
using JobScheduler.Tests.Infrastructure;
using Xunit.Abstractions;

namespace JobScheduler.Tests.Faults;

/// <summary>RELIABILITY.md scenarios 10 and 11: idempotent submission, and retries into the dead-letter list and back.</summary>
[Collection(FaultCollection.Name)]
[Trait("Category", "Fault")]
public sealed class SubmissionTests(FaultFixture fixture, ITestOutputHelper output)
{
    [Fact]
    public async Task Submit_TenConcurrentWithOneIdempotencyKey_OneJobSameId()
    {
        await using var run = await FaultCluster.StartAsync(fixture, output);
        var key = Guid.NewGuid().ToString("N");
        var spec = FaultCluster.Job("true") with { Labels = new Dictionary<string, string> { ["fault-test"] = key } };

        var ids = await Task.WhenAll(Enumerable.Range(0, 10).Select(async _ =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "api/v1/jobs") { Content = JsonContent.Create(spec, options: SchedulerCluster.Json) };
            request.Headers.Add("Idempotency-Key", key);
            using var response = await run.Http.SendAsync(request);
            Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"submit answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
            return (await SchedulerCluster.ReadAsync<JobRecord>(response)).Id;
        }));
        foreach (var id in ids.Distinct())
            run.Track(id);

        Assert.Single(ids.Distinct());
        JobPage? listed = null;
        await Eventually.Async(async () => (listed = await run.Http.GetFromJsonAsync<JobPage>($"api/v1/jobs?label=fault-test={key}", SchedulerCluster.Json))!.Total >= 1,
            TimeSpan.FromSeconds(10), "the job to be listed by its label");
        Assert.Equal(ids[0], Assert.Single(listed!.Items).Id);

        await run.AssertInvariantsAsync(TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task Retry_AlwaysExitsOneWithThreeAttempts_SpacedByBackoffThenDeadLetteredAndRequeueStartsAttemptFour()
    {
        await using var run = await FaultCluster.StartAsync(fixture, output);
        var queue = "faults-" + Guid.NewGuid().ToString("N")[..8];
        var backoff = TimeSpan.FromSeconds(2);
        var job = await run.SubmitAsync(FaultCluster.Job("sh", "-c", "exit 1") with
        {
            Queue = queue,
            Retry = new RetryPolicy { MaxAttempts = 3, InitialBackoff = backoff, BackoffMultiplier = 2, MaxBackoff = TimeSpan.FromMinutes(1), Jitter = JitterMode.None },
        });

        var dead = await run.Jobs.WaitUntilAsync(job.Id, j => j.State.IsTerminal(), TimeSpan.FromSeconds(60), "to exhaust its attempts");
        Assert.Equal(JobState.DeadLettered, dead.State);
        Assert.Equal([1, 2, 3], dead.Attempts.Select(a => a.Number));
        Assert.All(dead.Attempts, a => Assert.Equal(1, a.ExitCode));
        for (var i = 1; i < dead.Attempts.Count; i++)
        {
            var wanted = backoff * Math.Pow(2, i - 1);
            var gap = dead.Attempts[i].ClaimedAt - dead.Attempts[i - 1].EndedAt!.Value;
            Assert.True(gap >= wanted, $"attempt {i + 1} was claimed {gap.TotalSeconds:0.00} s after attempt {i} ended; the backoff is {wanted.TotalSeconds:0} s");
        }

        await Eventually.Async(async () =>
            (await run.Http.GetFromJsonAsync<JobPage>($"api/v1/dead-letters?queue={queue}&page=1&pageSize=50", SchedulerCluster.Json))!.Items.Any(j => j.Id == job.Id),
            TimeSpan.FromSeconds(10), $"job {job.Id} to be on the dead-letter list of queue {queue}");

        using (var requeue = await run.Http.PostAsync($"api/v1/jobs/{job.Id}/requeue", null))
            Assert.True(requeue.IsSuccessStatusCode, $"requeue answered {(int)requeue.StatusCode}: {await requeue.Content.ReadAsStringAsync()}");
        var again = await run.Jobs.WaitUntilAsync(job.Id, j => j.Attempts.Count >= 4 && j.Attempts[3].StartedAt is not null, TimeSpan.FromSeconds(30), "to start attempt 4");
        Assert.Equal(4, again.Attempts[3].Number);
        Assert.Equal(dead.Attempts, again.Attempts.Take(3));

        await run.AssertInvariantsAsync(TimeSpan.FromSeconds(60));
    }
}
