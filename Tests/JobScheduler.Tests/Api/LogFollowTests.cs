using System.Net;
using System.Text.Json;
using JobScheduler.Grains.Interfaces;
using JobScheduler.Tests.Infrastructure;
using JobScheduler.Tests.Security;
using Microsoft.Extensions.DependencyInjection;

namespace JobScheduler.Tests.Api;

/// <summary><c>GET /api/v1/jobs/{id}/logs?follow=true</c> in embedded mode, against real containers.</summary>
[Collection(EmbeddedApiCollection.Name)]
[Trait("Category", "Docker")]
public sealed class LogFollowTests(EmbeddedApiFixture api)
{
    private const string Image = "busybox:latest";
    private static readonly TimeSpan RunTimeout = TimeSpan.FromSeconds(90);
    private readonly JobsHttpClient _jobs = new(api.CreateClient());

    /// <summary>A shell loop printing <c>line-1</c>..<c>line-{count}</c>, one every 100 ms.</summary>
    internal static string[] Counting(int count) =>
        ["sh", "-c", $"i=1; while [ $i -le {count} ]; do echo line-$i; i=$((i+1)); sleep 0.1; done"];

    internal static string[] Expected(int count) => [.. Enumerable.Range(1, count).Select(i => $"line-{i}")];

    [Fact]
    public async Task Follow_ContainerPrintingForTenSeconds_GetsEveryLineLiveInOrderThenEndSucceeded()
    {
        var job = await _jobs.SubmitAsync(new JobSpec { Image = Image, Command = Counting(100) });
        await _jobs.WaitUntilAsync(job.Id, j => j.State == JobState.Running, RunTimeout, "to be claimed");

        var events = await ServerSentEvents.ReadAllAsync(api.CreateClient(), $"/api/v1/jobs/{job.Id}/logs?follow=true", RunTimeout);

        Assert.Equal(Expected(100), events.Where(e => e.Event == "stdout").Select(e => e.Data));
        Assert.DoesNotContain(events, e => e.Event == "stderr");
        var end = events[^1];
        Assert.Equal("end", end.Event);
        Assert.Single(events, e => e.Event == "end");
        var data = JsonDocument.Parse(end.Data).RootElement;
        Assert.Equal(1, data.GetProperty("attempt").GetInt32());
        Assert.Equal("Succeeded", data.GetProperty("state").GetString());
        Assert.Equal(0, data.GetProperty("exitCode").GetInt32());
        Assert.False(data.TryGetProperty("dropped", out _));
        // Live: the lines arrived over the container's ten seconds, not in one burst at its end.
        var first = events.First(e => e.Event == "stdout").ArrivedAt;
        var last = events.Last(e => e.Event == "stdout").ArrivedAt;
        Assert.True(end.ArrivedAt - first > TimeSpan.FromSeconds(5), $"first line at {first}, end at {end.ArrivedAt}");
        Assert.True(last - first > TimeSpan.FromSeconds(5), $"first line at {first}, last at {last}");
    }

    [Fact]
    public async Task Follow_StdoutAndStderr_EachLineTaggedWithItsStream()
    {
        var job = await _jobs.SubmitAsync(new JobSpec
        {
            Image = Image,
            Command = ["sh", "-c", "sleep 1; echo out-1; echo err-1 >&2; sleep 1; echo out-2; printf 'err-2\\r\\nerr-partial' >&2; sleep 1"],
        });
        await _jobs.WaitUntilAsync(job.Id, j => j.State == JobState.Running, RunTimeout, "to be claimed");

        var events = await ServerSentEvents.ReadAllAsync(api.CreateClient(), $"/api/v1/jobs/{job.Id}/logs?follow=true", RunTimeout);

        Assert.Equal(["out-1", "out-2"], events.Where(e => e.Event == "stdout").Select(e => e.Data));
        Assert.Equal(["err-1", "err-2", "err-partial"], events.Where(e => e.Event == "stderr").Select(e => e.Data));
        Assert.Equal("end", events[^1].Event);

        var stderrOnly = await ServerSentEvents.ReadAllAsync(api.CreateClient(), $"/api/v1/jobs/{job.Id}/logs?follow=true&stream=stderr", RunTimeout);
        Assert.Equal(["err-1", "err-2", "err-partial", "end"], stderrOnly.Select(e => e.Event == "end" ? "end" : e.Data));
    }

    [Fact]
    public async Task Follow_JoiningMidRun_GetsTheEarlierLinesThenTheRestWithoutRepeats()
    {
        var job = await _jobs.SubmitAsync(new JobSpec { Image = Image, Command = Counting(60) });
        await Eventually.Async(async () => (await _jobs.GetLogsAsync(job.Id)).Stdout.Contains("line-15\n", StringComparison.Ordinal),
            RunTimeout, "the job to have printed 15 lines");

        var events = await ServerSentEvents.ReadAllAsync(api.CreateClient(), $"/api/v1/jobs/{job.Id}/logs?follow=true", RunTimeout);

        Assert.Equal(Expected(60), events.Where(e => e.Event == "stdout").Select(e => e.Data));
        Assert.Contains("\"state\":\"Succeeded\"", events[^1].Data, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Follow_FinishedJob_GivesItsStoredTailThenEnd()
    {
        var job = await _jobs.SubmitAsync(new JobSpec { Image = Image, Command = ["sh", "-c", "printf 'a\\n\\nb\\npartial'; echo oops >&2; exit 2"], Retry = new RetryPolicy { MaxAttempts = 1 } });
        await _jobs.WaitForTerminalAsync(job.Id, RunTimeout);

        var events = await ServerSentEvents.ReadAllAsync(api.CreateClient(), $"/api/v1/jobs/{job.Id}/logs?follow=true", TimeSpan.FromSeconds(30));

        Assert.Equal(["stdout:a", "stdout:", "stdout:b", "stdout:partial", "stderr:oops"], events.SkipLast(1).Select(e => $"{e.Event}:{e.Data}"));
        Assert.Equal("end", events[^1].Event);
        Assert.Equal("""{"attempt":1,"state":"Failed","exitCode":2}""", events[^1].Data);
    }

    [Fact]
    public async Task Follow_QueuedJobNeverStarted_EndsAtOnceWithAttemptZero()
    {
        var job = await _jobs.SubmitAsync(new JobSpec { Image = Image, Command = ["true"], RunAt = DateTimeOffset.UtcNow.AddHours(1) });

        var events = await ServerSentEvents.ReadAllAsync(api.CreateClient(), $"/api/v1/jobs/{job.Id}/logs?follow=true", TimeSpan.FromSeconds(30));

        var end = Assert.Single(events);
        Assert.Equal("end", end.Event);
        Assert.Equal("""{"attempt":0,"state":"Scheduled"}""", end.Data);
        await _jobs.CancelAsync(job.Id);
    }

    [Fact]
    public async Task TypedClient_FollowLogsAsync_YieldsEachLineTaggedThenEndsWithTheAttempt()
    {
        var client = api.Factory.Services.GetRequiredService<JobSchedulerClient>();
        var job = await client.SubmitAsync(new JobSpec { Image = Image, Command = ["sh", "-c", "sleep 1; echo out; sleep 0.5; echo err >&2; sleep 1"] });
        await _jobs.WaitUntilAsync(job.Id, j => j.State == JobState.Running, RunTimeout, "to be claimed");

        var lines = new List<LogLine>();
        await foreach (var line in client.FollowLogsAsync(job.Id))
            lines.Add(line);

        Assert.Equal([new LogLine { Stream = LogStream.Stdout, Text = "out" }, new LogLine { Stream = LogStream.Stderr, Text = "err" }], lines);
        Assert.Equal(JobState.Succeeded, (await client.GetAsync(job.Id))!.State);
        await Assert.ThrowsAsync<KeyNotFoundException>(async () => await client.FollowLogsAsync("no-such-job").GetAsyncEnumerator().MoveNextAsync());
    }

    [Fact]
    public async Task Follow_UnknownJob_Is404Problem()
    {
        using var response = await api.CreateClient().GetAsync("/api/v1/jobs/no-such-job/logs?follow=true");

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Follow_BadFollowValue_IsValidationProblemNamingFollow()
    {
        using var response = await api.CreateClient().GetAsync("/api/v1/jobs/no-such-job/logs?follow=yes");

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("follow", out _), problem.ToString());
    }

    [Fact]
    public async Task Follow_JobOfAnotherTenant_Is404Problem()
    {
        using var admin = api.CreateClient();
        var queueA = "follow-a-" + Guid.NewGuid().ToString("N")[..8];
        var queueB = "follow-b-" + Guid.NewGuid().ToString("N")[..8];
        var a = await ApiKeysHttp.CreateAsync(admin, "follow-a", [ApiScopes.Read, ApiScopes.Submit, ApiScopes.Operate], [queueA]);
        var b = await ApiKeysHttp.CreateAsync(admin, "follow-b", [ApiScopes.Read], [queueB]);
        var jobsA = new JobsHttpClient(api.CreateAnonymousClient().Authorize(a.Key));
        var job = await jobsA.SubmitAsync(new JobSpec { Image = Image, Command = ["true"], Queue = queueA, RunAt = DateTimeOffset.UtcNow.AddHours(1) });

        using var response = await api.CreateAnonymousClient().Authorize(b.Key).GetAsync($"/api/v1/jobs/{job.Id}/logs?follow=true");

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.NotFound);
        var own = await ServerSentEvents.ReadAllAsync(api.CreateAnonymousClient().Authorize(a.Key), $"/api/v1/jobs/{job.Id}/logs?follow=true", TimeSpan.FromSeconds(30));
        Assert.Equal("end", Assert.Single(own).Event);
        await jobsA.CancelAsync(job.Id);
    }
}
