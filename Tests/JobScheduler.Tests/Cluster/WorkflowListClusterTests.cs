using System.Net.Http.Json;
using JobScheduler.Grains.Interfaces;
using JobScheduler.Tests.Infrastructure;
using JobScheduler.Tests.Workflows;

namespace JobScheduler.Tests.Cluster;

/// <summary>The workflow listing in cluster mode: the silo records workflows in Redis; the API process lists them.</summary>
[Collection("redis")]
[Trait("Category", "Cluster")]
public sealed class WorkflowListClusterTests(RedisFixture redis)
{
    private static WorkflowStepSpec Step(string name, string script, params string[] dependsOn) => new()
    {
        Name = name,
        Job = new JobSpec { Image = "busybox:latest", Command = ["sh", "-c", script], Retry = new RetryPolicy { MaxAttempts = 1 } },
        DependsOn = dependsOn,
    };

    [Fact]
    public async Task List_WorkflowsRunOnASilo_ListedFromRedisByStateWithStepCounts()
    {
        await using var cluster = new SchedulerCluster(redis.ConnectionString, silos: 1);
        await cluster.StartAsync();
        using var http = cluster.CreateApiClient();
        var workflows = new WorkflowsHttpClient(http);

        var done = await workflows.StartAsync(new WorkflowSpec { Steps = [Step("a", "true"), Step("b", "true", "a")] });
        var failed = await workflows.StartAsync(new WorkflowSpec { Steps = [Step("a", "exit 1"), Step("b", "true", "a")] });
        await workflows.WaitForEndAsync(done.Id, TimeSpan.FromSeconds(90));
        await workflows.WaitForEndAsync(failed.Id, TimeSpan.FromSeconds(90));

        var all = await http.GetFromJsonAsync<WorkflowPage>("/api/v1/workflows", SchedulerCluster.Json);
        var succeeded = await http.GetFromJsonAsync<WorkflowPage>("/api/v1/workflows?state=Succeeded", SchedulerCluster.Json);
        var failedPage = await http.GetFromJsonAsync<WorkflowPage>("/api/v1/workflows?state=Failed", SchedulerCluster.Json);

        Assert.Equal(2, all!.Total);
        Assert.Equal(new[] { done, failed }.OrderByDescending(w => w.CreatedAt.ToUnixTimeMilliseconds()).ThenByDescending(w => w.Id, StringComparer.Ordinal).Select(w => w.Id),
            all.Items.Select(w => w.Id));
        var ok = Assert.Single(succeeded!.Items);
        Assert.Equal(done.Id, ok.Id);
        Assert.Equal(2, ok.Steps[WorkflowStepState.Succeeded]);
        Assert.NotNull(ok.EndedAt);
        var bad = Assert.Single(failedPage!.Items);
        Assert.Equal(failed.Id, bad.Id);
        Assert.Equal(1, bad.Steps[WorkflowStepState.Failed]);
        Assert.Equal(1, bad.Steps[WorkflowStepState.Skipped]);
    }
}
