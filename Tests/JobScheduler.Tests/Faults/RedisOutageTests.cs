using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using JobScheduler.Grains.Interfaces;
using JobScheduler.Tests.Infrastructure;
using Xunit.Abstractions;

namespace JobScheduler.Tests.Faults;

/// <summary>
/// RELIABILITY.md scenario 6: Redis stopped for 10 s under load. The API answers 503 with Retry-After, never hangs,
/// never 500; no acknowledged job is lost; the cluster recovers within 30 s of Redis returning.
/// </summary>
[Collection(FaultCollection.Name)]
[Trait("Category", "Fault")]
public sealed class RedisOutageTests(FaultFixture fixture, ITestOutputHelper output)
{
    private static readonly TimeSpan Outage = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan RecoveryBudget = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan Pace = TimeSpan.FromMilliseconds(250);

    [Fact]
    public async Task RedisStopped_TenSecondsUnderLoad_503WithRetryAfterNoJobLostRecovers()
    {
        // Its own Redis, persistent, since this test stops it.
        await using var redis = new RedisServer(persistent: true);
        await redis.StartAsync();
        await using var run = await FaultCluster.StartAsync(fixture, output, redis);
        var answers = new ConcurrentQueue<Answer>();
        using var stopLoad = new CancellationTokenSource();
        var load = Task.WhenAll(SubmitLoopAsync(run, answers, stopLoad.Token), ReadLoopAsync(run, answers, stopLoad.Token));
        try
        {
            await Eventually.Async(() => Task.FromResult(run.Submitted.Count >= 10), TimeSpan.FromSeconds(30), "the load to get going");

            await redis.StopAsync();
            var down = DateTimeOffset.UtcNow;
            await Task.Delay(Outage); // the fault itself: Redis stays away this long
            await redis.StartAsync();
            var back = Stopwatch.StartNew();
            var up = DateTimeOffset.UtcNow;

            // Recovered: a new job is accepted and runs to success.
            string? probe = null;
            await Eventually.Async(async () =>
            {
                probe ??= (await SubmitAsync(run, answers)).JobId;
                return probe is not null && (await run.TryGetAsync(probe))?.State == JobState.Succeeded;
            }, RecoveryBudget, $"a job submitted after Redis returned to succeed (probe {probe}){Environment.NewLine}{run.Cluster.Diagnostics}");
            output.WriteLine($"recovered {back.Elapsed.TotalSeconds:0.0} s after Redis returned");

            await stopLoad.CancelAsync();
            await load;

            var all = answers.ToArray();
            output.WriteLine($"{all.Length} requests: " + string.Join(", ", all.GroupBy(a => a.Status?.ToString() ?? "no answer").Select(g => $"{g.Key} x{g.Count()}")));
            var bad = all.Where(a => a.Status is null || (int)a.Status >= 500 && a.Status != HttpStatusCode.ServiceUnavailable
                                     || a.Status == HttpStatusCode.ServiceUnavailable && !a.RetryAfter).ToArray();
            Assert.True(bad.Length == 0, "requests hung, failed with a 5xx other than 503, or got 503 without Retry-After:" + Environment.NewLine +
                string.Join(Environment.NewLine, bad.Take(20).Select(a => $"{a.What} at {a.At:O}: {a.Status?.ToString() ?? a.Error} after {a.Took.TotalSeconds:0.0} s")));
            Assert.True(all.Any(a => a.Status == HttpStatusCode.ServiceUnavailable && a.At >= down && a.At <= up + RecoveryBudget),
                "no request got 503 while Redis was away; the outage was not felt and the test proves nothing");
        }
        finally
        {
            await stopLoad.CancelAsync();
            await load;
        }

        await run.AssertInvariantsAsync(TimeSpan.FromSeconds(120));
    }

    private static async Task SubmitLoopAsync(FaultCluster run, ConcurrentQueue<Answer> answers, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            await SubmitAsync(run, answers);
            await Task.Delay(Pace, CancellationToken.None);
        }
    }

    private static async Task ReadLoopAsync(FaultCluster run, ConcurrentQueue<Answer> answers, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            if (run.Submitted.LastOrDefault() is { } id)
                await RequestAsync(answers, "GET job", () => run.Http.GetAsync($"api/v1/jobs/{id}"));
            await Task.Delay(Pace, CancellationToken.None);
        }
    }

    private static async Task<(HttpStatusCode? Status, string? JobId)> SubmitAsync(FaultCluster run, ConcurrentQueue<Answer> answers)
    {
        string? jobId = null;
        var status = await RequestAsync(answers, "POST job", async () =>
        {
            var response = await run.Http.PostAsJsonAsync("api/v1/jobs", FaultCluster.Job("true"), SchedulerCluster.Json);
            if (response.StatusCode == HttpStatusCode.Accepted)
            {
                jobId = (await SchedulerCluster.ReadAsync<JobRecord>(response)).Id;
                run.Track(jobId);
            }
            return response;
        });
        return (status, jobId);
    }

    /// <summary>Sends one request (bounded by the client's 10 s timeout) and records how it was answered.</summary>
    private static async Task<HttpStatusCode?> RequestAsync(ConcurrentQueue<Answer> answers, string what, Func<Task<HttpResponseMessage>> send)
    {
        var at = DateTimeOffset.UtcNow;
        var clock = Stopwatch.StartNew();
        try
        {
            using var response = await send();
            answers.Enqueue(new Answer(what, at, clock.Elapsed, response.StatusCode, response.Headers.RetryAfter is not null, null));
            return response.StatusCode;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            answers.Enqueue(new Answer(what, at, clock.Elapsed, null, false, e.GetBaseException().Message));
            return null;
        }
    }

    private sealed record Answer(string What, DateTimeOffset At, TimeSpan Took, HttpStatusCode? Status, bool RetryAfter, string? Error);
}
