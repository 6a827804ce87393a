using JobScheduler.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;

namespace JobScheduler.Tests.Retention;

/// <summary>Finished jobs expire after <c>Scheduler:Jobs:Retention</c>, in embedded and in cluster mode; dead letters stay.</summary>
[Collection(RedisCollection.Name)]
public sealed class RetentionTests(RedisFixture redis)
{
    [Fact]
    public async Task Embedded_FinishedJobsPastRetention_AreDeletedAndDeadLetterKept()
    {
        await using var root = new WebApplicationFactory<Program>();
        await using var host = root.WithWebHostBuilder(builder =>
        {
            builder.UseFreeSiloPorts().UseTestAuth();
            foreach (var (key, value) in RetentionScenario.Settings)
                builder.UseSetting(key, value);
        });

        await RetentionScenario.RunAsync(host.CreateAdminClient(), () => "");
    }

    [Fact]
    [Trait("Category", "Cluster")]
    public async Task Cluster_FinishedJobsPastRetention_AreDeletedAndDeadLetterKept()
    {
        var environment = RetentionScenario.Settings.ToDictionary(s => s.Key.Replace(":", "__", StringComparison.Ordinal), s => s.Value);
        await using var cluster = new SchedulerCluster(redis.ConnectionString, silos: 1, environment: environment);
        await cluster.StartAsync();

        await RetentionScenario.RunAsync(cluster.CreateApiClient(), () => cluster.Diagnostics);
    }
}
