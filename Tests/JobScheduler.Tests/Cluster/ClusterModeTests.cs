using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using JobScheduler.Grains.Interfaces;
using JobScheduler.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Configuration;
using StackExchange.Redis;

namespace JobScheduler.Tests.Cluster;

/// <summary>Cluster mode as it is deployed: Redis, two silo processes and an API process.</summary>
[Collection("redis")]
[Trait("Category", "Cluster")]
public sealed class ClusterModeTests(RedisFixture redis)
{
    private const string Image = "busybox:latest";

    [Fact]
    public async Task ScheduledJob_EveryProcessRestartedBeforeItsTime_StillRunsOnTime()
    {
        // Its own Redis, persistent, because this test restarts Redis too.
        await using var ownRedis = new RedisServer(persistent: true);
        await ownRedis.StartAsync();
        await using var cluster = new SchedulerCluster(ownRedis.ConnectionString, silos: 2);
        var firstStart = Stopwatch.StartNew();
        await cluster.StartAsync();
        firstStart.Stop();
        using var http = cluster.CreateApiClient();

        // Lead time for stopping and starting Redis and three processes, with room for a busy 2-core machine: the
        // restart is a stop and a start, so it is scaled by what this machine took for the first start.
        var runAt = DateTimeOffset.UtcNow + RestartLeadTime(firstStart.Elapsed);
        var submitted = await http.PostAsJsonAsync("api/v1/jobs",
            new JobSpec { Image = Image, Command = ["echo", "survived"], RunAt = runAt }, SchedulerCluster.Json);
        Assert.Equal(HttpStatusCode.Accepted, submitted.StatusCode);
        var job = await SchedulerCluster.ReadAsync<JobRecord>(submitted);
        Assert.Equal(JobState.Scheduled, job.State);

        var restart = Stopwatch.StartNew();
        await cluster.StopAsync();
        var stopped = restart.Elapsed;
        await ownRedis.StopAsync();
        await ownRedis.StartAsync();
        await cluster.StartAsync();
        Assert.True(DateTimeOffset.UtcNow < runAt,
            $"The restart took longer than the job's lead time; the test proves nothing. First start {firstStart.Elapsed.TotalSeconds:0.0} s; " +
            $"restart {restart.Elapsed.TotalSeconds:0.0} s, of which the stop {stopped.TotalSeconds:0.0} s.");

        using var followUp = cluster.CreateApiClient();
        JobRecord? final = null;
        await Eventually.Async(async () =>
        {
            final = await followUp.GetFromJsonAsync<JobRecord>($"api/v1/jobs/{job.Id}", SchedulerCluster.Json);
            return final!.State.IsTerminal();
        }, TimeSpan.FromSeconds(60), $"job {job.Id} to finish after the restart{Environment.NewLine}{cluster.Diagnostics}");

        Assert.Equal(JobState.Succeeded, final!.State);
        var attempt = Assert.Single(final.Attempts);
        Assert.True(attempt.StartedAt >= runAt, $"started {attempt.StartedAt:O}, before its time {runAt:O}");
        Assert.True(attempt.StartedAt - runAt < TimeSpan.FromSeconds(10), $"started {attempt.StartedAt:O}, long after its time {runAt:O}");
        var logs = await followUp.GetFromJsonAsync<JobLogs>($"api/v1/jobs/{job.Id}/logs", SchedulerCluster.Json);
        Assert.Equal("survived\n", logs!.Stdout);
    }

    /// <summary>
    /// How far ahead the job is scheduled: 35 s, which covered the restart on a quiet 2-core machine, and on a slower
    /// machine four times what its first start took (the restart is a graceful stop, Redis's restart and a start).
    /// </summary>
    private static TimeSpan RestartLeadTime(TimeSpan firstStart) =>
        TimeSpan.FromTicks(Math.Max(TimeSpan.FromSeconds(35).Ticks, 4 * firstStart.Ticks));

    [Fact]
    public async Task TypedClient_FromAnotherService_SubmitsAndSeesSuccess()
    {
        await using var cluster = new SchedulerCluster(redis.Server.ConnectionString, silos: 2);
        await Task.WhenAll(cluster.Silos.Select(s => s.StartAsync(TimeSpan.FromSeconds(60))));

        // What another .NET service does: an Orleans client with Redis clustering, and the facade.
        using var host = Host.CreateDefaultBuilder()
            .UseOrleansClient(client => client
                .UseRedisClustering(o => o.ConfigurationOptions = ConfigurationOptions.Parse(redis.Server.ConnectionString))
                .Configure<ClusterOptions>(o => (o.ClusterId, o.ServiceId) = (cluster.ClusterId, cluster.ClusterId)))
            .ConfigureServices(s => s.AddSingleton(sp => new JobSchedulerClient(sp.GetRequiredService<IClusterClient>())))
            .Build();
        await host.StartAsync();
        var client = host.Services.GetRequiredService<JobSchedulerClient>();

        var job = await client.SubmitAsync(new JobSpec { Image = Image, Command = ["sh", "-c", "echo from-client; echo oops >&2"] });
        var final = await client.WaitForCompletionAsync(job.Id).WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(JobState.Succeeded, final.State);
        Assert.Equal(0, final.CurrentAttempt!.ExitCode);
        Assert.Contains(cluster.SiloPorts, port => final.CurrentAttempt.Worker.StartsWith($"127.0.0.1:{port}@", StringComparison.Ordinal));
        var logs = await client.GetLogsAsync(job.Id);
        Assert.Equal("from-client\n", logs!.Stdout);
        Assert.Equal("oops\n", logs.Stderr);
        var listed = await client.ListAsync(new JobQuery { State = JobState.Succeeded });
        Assert.Contains(listed.Items, j => j.Id == job.Id);
        await host.StopAsync();
    }
}
