using System.Net;
using System.Net.Http.Json;
using JobScheduler.Grains.Interfaces;
using JobScheduler.Tests.Api;
using JobScheduler.Tests.Infrastructure;
using JobScheduler.Tests.Security;

namespace JobScheduler.Tests.Workflows;

/// <summary><c>GET /api/v1/workflows</c> in embedded mode: paging, the state filter, step counts, tenants and bad input.</summary>
[Collection(EmbeddedApiCollection.Name)]
public sealed class WorkflowListTests(EmbeddedApiFixture api)
{
    private readonly string _queueA = "wfl-a-" + Guid.NewGuid().ToString("N")[..8];
    private readonly string _queueB = "wfl-b-" + Guid.NewGuid().ToString("N")[..8];

    private static WorkflowStepSpec Step(string name, string queue, params string[] dependsOn) => new()
    {
        Name = name,
        Job = new JobSpec { Image = "busybox:latest", Command = ["true"], Queue = queue },
        DependsOn = dependsOn,
    };

    private static IEnumerable<string> NewestFirst(params WorkflowRecord[] workflows) =>
        workflows.OrderByDescending(w => w.CreatedAt.ToUnixTimeMilliseconds()).ThenByDescending(w => w.Id, StringComparer.Ordinal).Select(w => w.Id);

    [Fact]
    public async Task List_TenantKeys_SeeOnlyWorkflowsWhollyInTheirQueuesNewestFirstWithStepCounts()
    {
        using var admin = api.CreateClient();
        // Paused queues: the steps' jobs wait there, so the steps stay Running and Pending and no container runs.
        foreach (var queue in new[] { _queueA, _queueB })
            (await admin.PostAsync($"/api/v1/queues/{queue}/pause", null)).EnsureSuccessStatusCode();
        var onlyA = api.CreateAnonymousClient().Authorize((await ApiKeysHttp.CreateAsync(admin, "wfl-a", [ApiScopes.Read], [_queueA])).Key);
        var aAndB = api.CreateAnonymousClient().Authorize((await ApiKeysHttp.CreateAsync(admin, "wfl-ab", [ApiScopes.Read], [_queueA, _queueB])).Key);
        var workflows = new WorkflowsHttpClient(admin);

        var first = await workflows.StartAsync(new WorkflowSpec
        {
            Steps = [Step("fetch", _queueA), Step("load", _queueA, "fetch")],
            Labels = new Dictionary<string, string> { ["name"] = "nightly-etl" },
        });
        var mixed = await workflows.StartAsync(new WorkflowSpec { Steps = [Step("x", _queueA), Step("y", _queueB)] });
        var onlyB = await workflows.StartAsync(new WorkflowSpec { Steps = [Step("z", _queueB)] });
        await workflows.CancelAsync(onlyB.Id);

        var pageA = await onlyA.GetFromJsonAsync<WorkflowPage>("/api/v1/workflows", SchedulerCluster.Json);
        var pageAB = await aAndB.GetFromJsonAsync<WorkflowPage>("/api/v1/workflows?pageSize=2", SchedulerCluster.Json);
        var pageAB2 = await aAndB.GetFromJsonAsync<WorkflowPage>("/api/v1/workflows?pageSize=2&page=2", SchedulerCluster.Json);
        var cancelled = await aAndB.GetFromJsonAsync<WorkflowPage>("/api/v1/workflows?state=Cancelled", SchedulerCluster.Json);
        var running = await aAndB.GetFromJsonAsync<WorkflowPage>("/api/v1/workflows?state=Running", SchedulerCluster.Json);

        var row = Assert.Single(pageA!.Items);
        Assert.Equal(1, pageA.Total);
        Assert.Equal(first.Id, row.Id);
        Assert.Equal("nightly-etl", row.Name);
        Assert.Equal(WorkflowState.Running, row.State);
        Assert.Equal(1, row.Steps[WorkflowStepState.Running]);
        Assert.Equal(1, row.Steps[WorkflowStepState.Pending]);
        Assert.Equal(0, row.Steps[WorkflowStepState.Succeeded]);
        Assert.Equal(first.CreatedAt, row.CreatedAt);
        Assert.True(row.UpdatedAt >= row.CreatedAt);
        Assert.Equal([_queueA], row.Queues);

        Assert.Equal(3, pageAB!.Total);
        Assert.Equal(NewestFirst(first, mixed, onlyB), pageAB.Items.Concat(pageAB2!.Items).Select(w => w.Id));
        Assert.Equal(2, pageAB.Items.Count);
        Assert.Equal(2, pageAB.PageSize);
        Assert.Equal(2, pageAB2.Page);
        Assert.Equal([onlyB.Id], cancelled!.Items.Select(w => w.Id));
        Assert.Equal(WorkflowState.Cancelled, cancelled.Items[0].State);
        Assert.Equal(NewestFirst(first, mixed), running!.Items.Select(w => w.Id));
        Assert.Equal(2, running.Items.Single(w => w.Id == mixed.Id).Steps[WorkflowStepState.Running]);

        await workflows.CancelAsync(first.Id);
        await workflows.CancelAsync(mixed.Id);
        var afterCancel = await onlyA.GetFromJsonAsync<WorkflowPage>("/api/v1/workflows?state=Cancelled", SchedulerCluster.Json);
        Assert.Equal([first.Id], afterCancel!.Items.Select(w => w.Id));
        foreach (var queue in new[] { _queueA, _queueB })
            (await admin.PostAsync($"/api/v1/queues/{queue}/resume", null)).EnsureSuccessStatusCode();
    }

    [Fact]
    public async Task List_AdminKey_SeesAWorkflowItJustStarted()
    {
        using var admin = api.CreateClient();
        (await admin.PostAsync($"/api/v1/queues/{_queueA}/pause", null)).EnsureSuccessStatusCode();
        var workflow = await new WorkflowsHttpClient(admin).StartAsync(new WorkflowSpec { Steps = [Step("only", _queueA)] });

        var page = await admin.GetFromJsonAsync<WorkflowPage>("/api/v1/workflows?state=Running&pageSize=500", SchedulerCluster.Json);

        Assert.Contains(page!.Items, w => w.Id == workflow.Id);
        await new WorkflowsHttpClient(admin).CancelAsync(workflow.Id);
        (await admin.PostAsync($"/api/v1/queues/{_queueA}/resume", null)).EnsureSuccessStatusCode();
    }

    [Theory]
    [InlineData("page=0", "page")]
    [InlineData("page=x", "page")]
    [InlineData("pageSize=0", "pageSize")]
    [InlineData("pageSize=501", "pageSize")]
    [InlineData("state=Sleeping", "state")]
    [InlineData("state=1", "state")]
    [InlineData("state=running", "state")]
    public async Task List_BadQuery_IsValidationProblemNamingTheParameter(string query, string field)
    {
        using var response = await api.CreateClient().GetAsync($"/api/v1/workflows?{query}");

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
    }
}
