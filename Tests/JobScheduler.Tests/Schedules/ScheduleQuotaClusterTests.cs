using System.Net;
using System.Net.Http.Json;
using JobScheduler.Grains.Interfaces;
using JobScheduler.Tests.Api;
using JobScheduler.Tests.Infrastructure;
using JobScheduler.Tests.Security;

namespace JobScheduler.Tests.Schedules;

/// <summary>
/// The schedule catalog's owners and queues are persisted in Redis with the ids: after a full cluster restart a
/// principal's quota still counts its schedules, and a tenant's paged listing still holds only its own.
/// </summary>
[Collection(RedisCollection.Name)]
[Trait("Category", "Cluster")]
public sealed class ScheduleQuotaClusterTests(RedisFixture redis)
{
    [Fact]
    public async Task QuotaAndTenantListing_AcrossAClusterRestart_StillHold()
    {
        await using var cluster = new SchedulerCluster(redis.ConnectionString, silos: 1, environment: new Dictionary<string, string>
        {
            ["Scheduler__Auth__Quotas__MaxSchedules"] = "1",
        });
        await cluster.StartAsync();
        using var admin = cluster.CreateApiClient();
        var scopes = new[] { ApiScopes.Read, ApiScopes.Submit, ApiScopes.Operate };
        var keyA = await ApiKeysHttp.CreateAsync(admin, "tenant-a", scopes, ["queue-a"]);
        var keyB = await ApiKeysHttp.CreateAsync(admin, "tenant-b", scopes, ["queue-b"]);
        HttpClient Tenant(string key) => new HttpClient { BaseAddress = cluster.Api.BaseAddress, Timeout = TimeSpan.FromSeconds(30) }.Authorize(key);
        static ScheduleSpec Yearly(string queue) =>
            new() { Cron = "0 3 1 1 *", Job = new JobSpec { Image = "busybox:latest", Command = ["true"], Queue = queue } };

        using (var a = Tenant(keyA.Key))
        using (var b = Tenant(keyB.Key))
        {
            await new SchedulesHttpClient(a).CreateAsync(Yearly("queue-a"));
            await new SchedulesHttpClient(b).CreateAsync(Yearly("queue-b"));
        }

        await cluster.StopAsync();
        await cluster.StartAsync();

        using var tenantA = Tenant(keyA.Key);
        using var refused = await tenantA.PostAsJsonAsync("/api/v1/schedules", Yearly("queue-a"), SchedulerCluster.Json);
        var problem = await ProblemAssert.IsProblemAsync(refused, HttpStatusCode.TooManyRequests);
        Assert.Equal(ScheduleQuota.Limit, problem.GetProperty("limit").GetString());
        Assert.NotNull(refused.Headers.RetryAfter);

        var page = (await tenantA.GetFromJsonAsync<SchedulePage>("/api/v1/schedules", SchedulerCluster.Json))!;
        var row = Assert.Single(page.Items);
        Assert.Equal(1, page.Total);
        Assert.Equal($"key:{keyA.Info.Id}", row.CreatedBy);
        var all = (await admin.GetFromJsonAsync<SchedulePage>("/api/v1/schedules?pageSize=1", SchedulerCluster.Json))!;
        Assert.Equal((2L, 1), (all.Total, all.Items.Count));
    }
}
