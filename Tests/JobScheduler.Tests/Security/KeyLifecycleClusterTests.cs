using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using JobScheduler.Grains.Interfaces;
using JobScheduler.Tests.Infrastructure;

namespace JobScheduler.Tests.Security;

/// <summary>Keys in cluster mode, across API processes: the first start prints one admin key, and a revocation reaches every process.</summary>
[Collection(RedisCollection.Name)]
[Trait("Category", "Cluster")]
public sealed partial class KeyLifecycleClusterTests(RedisFixture redis)
{
    [Fact]
    public async Task RevokedKey_IsRefusedByEveryApiProcessWithinFiveSeconds()
    {
        await using var cluster = new SchedulerCluster(redis.ConnectionString, silos: 1);
        await cluster.StartAsync();
        await using var second = cluster.NewApi("api-2");
        await second.StartAsync(TimeSpan.FromSeconds(90));
        using var admin = cluster.CreateApiClient();
        var key = await ApiKeysHttp.CreateAsync(admin, "revoke-me", [ApiScopes.Read]);
        using var first = new HttpClient { BaseAddress = cluster.Api.BaseAddress }.Authorize(key.Key);
        using var other = new HttpClient { BaseAddress = second.BaseAddress }.Authorize(key.Key);
        // Both processes have verified (and cached) the key before it is revoked.
        Assert.Equal(HttpStatusCode.OK, (await first.GetAsync("api/v1/queues")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await other.GetAsync("api/v1/queues")).StatusCode);

        using var revoke = await admin.DeleteAsync($"api/v1/keys/{key.Info.Id}");
        revoke.EnsureSuccessStatusCode();
        var revokedAt = DateTimeOffset.UtcNow;

        await Eventually.Async(async () => (await other.GetAsync("api/v1/queues")).StatusCode == HttpStatusCode.Unauthorized,
            TimeSpan.FromSeconds(5), "the other API process to refuse the revoked key");
        Assert.Equal(HttpStatusCode.Unauthorized, (await first.GetAsync("api/v1/queues")).StatusCode);
        Assert.True(DateTimeOffset.UtcNow - revokedAt < TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task FirstStart_WithoutABootstrapKey_PrintsOneAdminKeyOnceAcrossProcesses()
    {
        await using var cluster = new SchedulerCluster(redis.ConnectionString, silos: 1,
            environment: new Dictionary<string, string> { ["Scheduler__Auth__BootstrapKey"] = "" });
        await cluster.StartAsync();

        string? printed = null;
        await Eventually.Async(() => Task.FromResult((printed = PrintedKey().Match(cluster.Api.OutputTail) is { Success: true } m ? m.Value : null) is not null),
            TimeSpan.FromSeconds(30), $"the API to print an admin key{Environment.NewLine}{cluster.Api.OutputTail}");
        using var admin = new HttpClient { BaseAddress = cluster.Api.BaseAddress }.Authorize(printed!);
        var keys = await admin.GetFromJsonAsync<ApiKeyInfo[]>("api/v1/keys", SchedulerCluster.Json);
        Assert.Equal("bootstrap", Assert.Single(keys!).Name);

        await using var second = cluster.NewApi("api-2");
        await second.StartAsync(TimeSpan.FromSeconds(90));
        using var viaSecond = new HttpClient { BaseAddress = second.BaseAddress }.Authorize(printed!);
        Assert.Equal(HttpStatusCode.OK, (await viaSecond.GetAsync("api/v1/keys")).StatusCode);
        // The second process asks the store as well, finds a key there, and prints nothing.
        await Continually.Async(async () =>
            (await admin.GetFromJsonAsync<ApiKeyInfo[]>("api/v1/keys", SchedulerCluster.Json))!.Length == 1 && !PrintedKey().IsMatch(second.OutputTail),
            TimeSpan.FromSeconds(5), "only one key exists and the second process printed none");
        // The configured test key is not in force here: only the printed key is.
        using var testKey = new HttpClient { BaseAddress = cluster.Api.BaseAddress }.Authorize();
        Assert.Equal(HttpStatusCode.Unauthorized, (await testKey.GetAsync("api/v1/keys")).StatusCode);
    }

    [GeneratedRegex("jsk_[0-9a-f]{16}_[A-Za-z0-9_-]{43}")]
    private static partial Regex PrintedKey();
}
