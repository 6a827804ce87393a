using System.Net;
using JobScheduler.Client.Api.Hosting;
using JobScheduler.Tests.Infrastructure;
using StackExchange.Redis;

namespace JobScheduler.Tests.Ui;

/// <summary>
/// Cluster mode: the UI's data protection key ring lives in Redis under the configured key prefix
/// (<c>Scheduler:Redis:KeyPrefix</c>, bound as options), so every API process reads every other's cookies.
/// </summary>
[Collection("redis")]
[Trait("Category", "Cluster")]
public sealed class UiKeyRingClusterTests(RedisFixture redis)
{
    [Fact]
    public async Task SignInPage_ClusterMode_KeyRingUnderTheConfiguredPrefix()
    {
        await using var cluster = new SchedulerCluster(redis.ConnectionString, silos: 1);
        await cluster.StartAsync();
        using var browser = new HttpClient { BaseAddress = cluster.Api.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };

        // The sign-in form carries an antiforgery token: the first one protected creates the key ring.
        using var page = await browser.GetAsync("/signin");

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        await using var connection = await ConnectionMultiplexer.ConnectAsync(redis.ConnectionString);
        Assert.True(await connection.GetDatabase().ListLengthAsync(UiExtensions.KeyRingKey(cluster.ClusterId)) > 0,
            $"No key ring at {UiExtensions.KeyRingKey(cluster.ClusterId)}.{Environment.NewLine}{cluster.Diagnostics}");
    }
}
