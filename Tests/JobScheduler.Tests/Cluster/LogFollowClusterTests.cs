using System.Net.Http.Json;
using JobScheduler.Grains.Interfaces;
using JobScheduler.Tests.Api;
using JobScheduler.Tests.Infrastructure;

namespace JobScheduler.Tests.Cluster;

/// <summary>Log follow in cluster mode: the API process follows a container that a silo process's worker runs.</summary>
[Collection("redis")]
[Trait("Category", "Cluster")]
public sealed class LogFollowClusterTests(RedisFixture redis)
{
    [Fact]
    public async Task Follow_JobRunningOnASiloProcess_ApiProcessStreamsEveryLineThenEnd()
    {
        await using var cluster = new SchedulerCluster(redis.ConnectionString, silos: 1);
        await cluster.StartAsync();
        using var http = cluster.CreateApiClient();
        var jobs = new JobsHttpClient(http);
        var job = await jobs.SubmitAsync(new JobSpec { Image = "busybox:latest", Command = LogFollowTests.Counting(40) });
        var running = await jobs.WaitUntilAsync(job.Id, j => j.State == JobState.Running, TimeSpan.FromSeconds(60), "to be claimed");
        Assert.NotNull(cluster.SiloOf(running.CurrentAttempt!.Worker));

        using var follower = cluster.CreateApiClient();
        var events = await ServerSentEvents.ReadAllAsync(follower, $"/api/v1/jobs/{job.Id}/logs?follow=true", TimeSpan.FromSeconds(90));

        Assert.True(LogFollowTests.Expected(40).SequenceEqual(events.Where(e => e.Event == "stdout").Select(e => e.Data)),
            $"received: {string.Join(",", events.Select(e => e.Data))}{Environment.NewLine}{cluster.Diagnostics}");
        Assert.Equal("end", events[^1].Event);
        Assert.Equal("""{"attempt":1,"state":"Succeeded","exitCode":0}""", events[^1].Data);
        var first = events.First(e => e.Event == "stdout").ArrivedAt;
        Assert.True(events[^1].ArrivedAt - first > TimeSpan.FromSeconds(2), $"first line at {first}, end at {events[^1].ArrivedAt}: not live");
        var logs = await http.GetFromJsonAsync<JobLogs>($"/api/v1/jobs/{job.Id}/logs", SchedulerCluster.Json);
        Assert.Equal(string.Concat(LogFollowTests.Expected(40).Select(l => l + "\n")), logs!.Stdout);
    }
}
