using System.Net;
using System.Net.Http.Json;
using JobScheduler.Grains.Interfaces;
using JobScheduler.Tests.Infrastructure;

namespace JobScheduler.Tests.Security;

/// <summary>
/// Keys limited to queues are tenants: they see, list and act on their own queues' jobs, schedules, workflows and dead
/// letters only, another tenant's job answers as unknown, and their idempotency keys are their own.
/// </summary>
[Collection(EmbeddedApiCollection.Name)]
public sealed class TenantIsolationTests(EmbeddedApiFixture api)
{
    private readonly string _queueA = "tenant-a-" + Guid.NewGuid().ToString("N")[..8];
    private readonly string _queueB = "tenant-b-" + Guid.NewGuid().ToString("N")[..8];

    private async Task<(HttpClient A, HttpClient B)> TenantsAsync()
    {
        using var admin = api.CreateClient();
        var scopes = new[] { ApiScopes.Read, ApiScopes.Submit, ApiScopes.Operate };
        var a = await ApiKeysHttp.CreateAsync(admin, "tenant-a", scopes, [_queueA]);
        var b = await ApiKeysHttp.CreateAsync(admin, "tenant-b", scopes, [_queueB]);
        return (api.CreateAnonymousClient().Authorize(a.Key), api.CreateAnonymousClient().Authorize(b.Key));
    }

    private JobSpec Later(string queue) => new() { Image = "busybox:latest", Command = ["true"], Queue = queue, RunAt = DateTimeOffset.UtcNow.AddHours(1) };

    [Fact]
    public async Task Job_OfAnotherTenant_IsUnknownToEveryJobEndpoint()
    {
        var (a, b) = await TenantsAsync();
        var job = await new JobsHttpClient(a).SubmitAsync(Later(_queueA));

        foreach (var (method, path) in new[]
        {
            ("GET", $"/api/v1/jobs/{job.Id}"), ("GET", $"/api/v1/jobs/{job.Id}/logs"),
            ("POST", $"/api/v1/jobs/{job.Id}/cancel"), ("POST", $"/api/v1/jobs/{job.Id}/requeue"),
            ("DELETE", $"/api/v1/dead-letters/{job.Id}"),
        })
        {
            using var response = await b.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));
            Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"{method} {path} answered {(int)response.StatusCode} to the other tenant");
        }

        Assert.Equal(JobState.Scheduled, (await new JobsHttpClient(a).GetAsync(job.Id)).State);
        await new JobsHttpClient(a).CancelAsync(job.Id);
    }

    [Fact]
    public async Task Listings_OfATenant_HoldOnlyItsQueues()
    {
        var (a, b) = await TenantsAsync();
        var mine = await new JobsHttpClient(a).SubmitAsync(Later(_queueA));
        var theirs = await new JobsHttpClient(b).SubmitAsync(Later(_queueB));

        var page = await a.GetFromJsonAsync<JobPage>("/api/v1/jobs?pageSize=500", SchedulerCluster.Json);
        Assert.Contains(page!.Items, j => j.Id == mine.Id);
        Assert.All(page.Items, j => Assert.Equal(_queueA, j.Queue));
        Assert.Equal(HttpStatusCode.Forbidden, (await a.GetAsync($"/api/v1/jobs?queue={_queueB}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await a.GetAsync($"/api/v1/dead-letters?queue={_queueB}")).StatusCode);

        var queues = await a.GetFromJsonAsync<QueueStatus[]>("/api/v1/queues", SchedulerCluster.Json);
        Assert.All(queues!, q => Assert.Equal(_queueA, q.Name));
        Assert.Equal(HttpStatusCode.Forbidden, (await a.GetAsync($"/api/v1/queues/{_queueB}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await a.PostAsync($"/api/v1/queues/{_queueB}/pause", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await a.GetAsync("/api/v1/workers")).StatusCode);

        await new JobsHttpClient(a).CancelAsync(mine.Id);
        await new JobsHttpClient(b).CancelAsync(theirs.Id);
    }

    [Fact]
    public async Task Submit_IntoAnotherTenantsQueue_Is403AndStoresNothing()
    {
        var (a, _) = await TenantsAsync();
        using var response = await a.PostAsJsonAsync("/api/v1/jobs", Later(_queueB), SchedulerCluster.Json);

        var problem = await Api.ProblemAssert.IsProblemAsync(response, HttpStatusCode.Forbidden);
        Assert.Equal(_queueB, problem.GetProperty("queue").GetString());
        using var admin = api.CreateClient();
        var all = await admin.GetFromJsonAsync<JobPage>($"/api/v1/jobs?queue={_queueB}", SchedulerCluster.Json);
        Assert.Empty(all!.Items);
    }

    [Fact]
    public async Task IdempotencyKey_ReusedByAnotherTenant_NeverReturnsTheirJob()
    {
        var (a, b) = await TenantsAsync();
        var key = "shared-" + Guid.NewGuid().ToString("N");

        var first = await SubmitWithKeyAsync(a, Later(_queueA), key);
        var again = await SubmitWithKeyAsync(a, Later(_queueA), key);
        var other = await SubmitWithKeyAsync(b, Later(_queueB), key);

        Assert.Equal(first.Id, again.Id);
        Assert.NotEqual(first.Id, other.Id);
        Assert.Equal(_queueB, other.Spec.Queue);
        await new JobsHttpClient(a).CancelAsync(first.Id);
        await new JobsHttpClient(b).CancelAsync(other.Id);
    }

    [Fact]
    public async Task SchedulesAndWorkflows_OfAnotherTenant_AreInvisible()
    {
        var (a, b) = await TenantsAsync();
        using var created = await a.PostAsJsonAsync("/api/v1/schedules",
            new ScheduleSpec { Cron = "0 0 3 * * *", Job = Later(_queueA) with { RunAt = null } }, SchedulerCluster.Json);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var schedule = await SchedulerCluster.ReadAsync<ScheduleRecord>(created);
        using var workflowStarted = await a.PostAsJsonAsync("/api/v1/workflows", new WorkflowSpec
        {
            Steps = [new WorkflowStepSpec { Name = "only", Job = Later(_queueA) with { RunAt = null, Command = ["sleep", "60"] } }],
        }, SchedulerCluster.Json);
        Assert.True(workflowStarted.StatusCode == HttpStatusCode.Accepted, await workflowStarted.Content.ReadAsStringAsync());
        var workflow = await SchedulerCluster.ReadAsync<WorkflowRecord>(workflowStarted);

        var listed = await b.GetFromJsonAsync<SchedulePage>("/api/v1/schedules?pageSize=500", SchedulerCluster.Json);
        Assert.DoesNotContain(listed!.Items, s => s.Id == schedule.Id);
        Assert.Contains((await a.GetFromJsonAsync<SchedulePage>("/api/v1/schedules?pageSize=500", SchedulerCluster.Json))!.Items, s => s.Id == schedule.Id);
        foreach (var (method, path) in new[]
        {
            ("GET", $"/api/v1/schedules/{schedule.Id}"), ("GET", $"/api/v1/schedules/{schedule.Id}/runs"),
            ("POST", $"/api/v1/schedules/{schedule.Id}/trigger"), ("POST", $"/api/v1/schedules/{schedule.Id}/pause"),
            ("DELETE", $"/api/v1/schedules/{schedule.Id}"),
            ("GET", $"/api/v1/workflows/{workflow.Id}"), ("POST", $"/api/v1/workflows/{workflow.Id}/cancel"),
        })
        {
            using var response = await b.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));
            Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"{method} {path} answered {(int)response.StatusCode} to the other tenant");
        }

        Assert.Equal(HttpStatusCode.NoContent, (await a.DeleteAsync($"/api/v1/schedules/{schedule.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await a.PostAsync($"/api/v1/workflows/{workflow.Id}/cancel", null)).StatusCode);
    }

    [Fact]
    public async Task KeysAndQueueSettings_AreNotForTenants()
    {
        using var admin = api.CreateClient();
        var tenantAdmin = await ApiKeysHttp.CreateAsync(admin, "tenant-admin", [ApiScopes.Admin], [_queueA]);
        using var client = api.CreateAnonymousClient().Authorize(tenantAdmin.Key);

        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/api/v1/keys")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.PutAsJsonAsync($"/api/v1/queues/{_queueA}", new QueueSettings { AllowNetwork = true })).StatusCode);
        var settings = await admin.GetFromJsonAsync<QueueStatus>($"/api/v1/queues/{_queueA}", SchedulerCluster.Json);
        Assert.False(settings!.Settings.AllowNetwork);
    }

    private static async Task<JobRecord> SubmitWithKeyAsync(HttpClient client, JobSpec spec, string key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/jobs") { Content = JsonContent.Create(spec, options: SchedulerCluster.Json) };
        request.Headers.Add("Idempotency-Key", key);
        using var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return await SchedulerCluster.ReadAsync<JobRecord>(response);
    }
}
