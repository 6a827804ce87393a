using JobScheduler.Grains.Interfaces;
using JobScheduler.Tests.Infrastructure;

namespace JobScheduler.Tests.Cluster;

/// <summary>The cluster on a Redis that needs credentials, and a silo refusing a Redis that would evict its keys.</summary>
[Trait("Category", "Cluster")]
public sealed class RedisSafetyTests
{
    [Theory]
    [InlineData(null)]
    [InlineData("scheduler")]
    public async Task Cluster_RedisNeedsCredentials_RunsJob(string? user)
    {
        await using var redis = new RedisServer(password: "pw-" + Guid.NewGuid().ToString("N"), user: user);
        await redis.StartAsync();
        await using var cluster = new SchedulerCluster(redis.ConnectionString, silos: 1);
        await cluster.StartAsync();
        var jobs = new JobsHttpClient(cluster.CreateApiClient());

        var job = await jobs.SubmitAsync(new JobSpec { Image = "busybox:latest", Command = ["echo", "authenticated"] });
        var final = await jobs.WaitUntilAsync(job.Id, j => j.State.IsTerminal(), TimeSpan.FromSeconds(60), cluster.Diagnostics);

        Assert.Equal(JobState.Succeeded, final.State);
        Assert.Equal("authenticated\n", (await jobs.GetLogsAsync(job.Id)).Stdout);
    }

    [Fact]
    public async Task Silo_RedisEvictsKeys_ExitsNonZeroNamingPolicyAndFix()
    {
        await using var redis = new RedisServer(arguments: ["--maxmemory-policy", "allkeys-lru"]);
        await redis.StartAsync();
        await using var cluster = new SchedulerCluster(redis.ConnectionString, silos: 1);
        var silo = cluster.Silos[0];

        await Assert.ThrowsAsync<InvalidOperationException>(() => cluster.StartSiloAsync(silo));

        await silo.WaitForExitAsync(TimeSpan.FromSeconds(30));
        Assert.NotEqual(0, silo.ExitCode);
        Assert.Contains("maxmemory-policy is 'allkeys-lru'", silo.OutputTail, StringComparison.Ordinal);
        Assert.Contains("noeviction", silo.OutputTail, StringComparison.Ordinal);
    }
}
