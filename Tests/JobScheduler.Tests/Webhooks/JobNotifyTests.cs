using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using JobScheduler.Grains.Interfaces;
using JobScheduler.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;

namespace JobScheduler.Tests.Webhooks;

/// <summary>
/// A job's own webhooks (<c>notify</c> in its spec) in embedded mode, posting to a real local receiver that verifies every
/// signature with the StandardWebhooks package. Loopback and http are allowed by this host's configuration; link-local
/// and private addresses are not. Simulated containers run 200 ms, so a job with a shorter timeout fails.
/// </summary>
public sealed class JobNotifyTests : IAsyncLifetime
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private WebApplicationFactory<Program> _factory = null!;
    private HttpClient _api = null!;

    public Task InitializeAsync()
    {
        _factory = new WebApplicationFactory<Program>().WithWebHostBuilder(builder => builder
            .UseFreeSiloPorts()
            .UseTestAuth()
            .UseSetting("Scheduler:Containers:Runtime", "Simulated")
            .UseSetting("Scheduler:Containers:SimulatedRunTime", "00:00:00.200")
            .UseSetting("Scheduler:Outbound:AllowHttp", "true")
            .UseSetting("Scheduler:Outbound:AllowLoopback", "true")
            .UseSetting("Scheduler:Outbound:Timeout", "00:00:02")
            .UseSetting("Scheduler:Webhooks:PollInterval", "00:00:00.050")
            .UseSetting("Scheduler:Webhooks:InitialRetryDelay", "00:00:00.100")
            .UseSetting("Scheduler:Webhooks:MaxRetryDelay", "00:00:00.500")
            .UseSetting("Scheduler:Webhooks:RetryWindow", "00:00:03"));
        _api = _factory.CreateAdminClient();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        _api.Dispose();
        await _factory.DisposeAsync();
    }

    private static JobSpec Job(string queue, params JobNotifyTarget[] notify) =>
        new() { Image = "busybox:latest", Command = ["true"], Queue = queue, Notify = notify };

    private async Task<JobRecord> SubmitAsync(JobSpec spec, HttpClient? client = null)
    {
        using var response = await (client ?? _api).PostAsJsonAsync("api/v1/jobs", spec, SchedulerCluster.Json);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return await SchedulerCluster.ReadAsync<JobRecord>(response);
    }

    private async Task<IReadOnlyList<WebhookDelivery>> DeliveriesAsync(string subscriptionId) =>
        (await _api.GetFromJsonAsync<List<WebhookDelivery>>($"api/v1/webhooks/{subscriptionId}/deliveries", SchedulerCluster.Json))!;

    private async Task<string> ProblemAsync<T>(T body, string path = "api/v1/jobs")
    {
        using var response = await _api.PostAsJsonAsync(path, body, SchedulerCluster.Json);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    [Fact]
    public async Task Notify_OwnSecret_ReceiverGetsTheJobsEventsSigned()
    {
        await using var receiver = await WebhookReceiver.StartAsync(failuresPerId: 1);
        var secret = "whsec_" + Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
        receiver.Secret = secret;
        var job = await SubmitAsync(Job("jn-own", new JobNotifyTarget { Url = receiver.Url, Events = ["Running", "Succeeded"], Secret = secret }));
        Assert.Null(Assert.Single(job.Spec.Notify).Secret); // the submitter's own secret is never echoed

        await Eventually.Async(() => Task.FromResult(receiver.Accepted.Count == 2), Timeout, () => $"Running and Succeeded arrive (got {receiver.Accepted.Count})");
        Assert.All(receiver.Requests, r => Assert.True(r.Verified, "every request carries a valid signature with the job's secret"));
        var types = receiver.Requests.Where(r => r.Answer < 300).Select(r => JsonDocument.Parse(r.Body).RootElement).ToList();
        Assert.Equal(["job.running", "job.succeeded"], types.Select(t => t.GetProperty("type").GetString()).Order(StringComparer.Ordinal));
        Assert.All(types, t => Assert.Equal(job.Id, t.GetProperty("data").GetProperty("jobId").GetString()));

        var subscriptionId = JobNotifyTarget.SubscriptionId(job.Id, 0);
        var subscription = await _api.GetFromJsonAsync<WebhookSubscription>($"api/v1/webhooks/{subscriptionId}", SchedulerCluster.Json);
        Assert.Equal((receiver.Url, job.Id, "jn-own"), (subscription!.Url, subscription.JobId, subscription.Queue));
        await Eventually.Async(async () => (await DeliveriesAsync(subscriptionId)) is { Count: 2 } log && log.All(d => d.Status == WebhookDeliveryStatus.Succeeded),
            Timeout, "the job subscription's delivery log shows both deliveries succeeded");
        Assert.All(await DeliveriesAsync(subscriptionId), d => Assert.Equal((2, 204), (d.Attempts, d.ResponseCode)));

        var read = await _api.GetFromJsonAsync<JobRecord>($"api/v1/jobs/{job.Id}", SchedulerCluster.Json);
        var shown = Assert.Single(read!.Spec.Notify);
        Assert.Equal((receiver.Url, (string?)null), (shown.Url, shown.Secret));
        Assert.DoesNotContain(secret, await _api.GetStringAsync($"api/v1/jobs/{job.Id}"), StringComparison.Ordinal);
        using (var delete = await _api.DeleteAsync($"api/v1/webhooks/{subscriptionId}"))
            Assert.Equal(HttpStatusCode.Conflict, delete.StatusCode);
    }

    [Fact]
    public async Task Notify_NoSecret_TheGeneratedOneIsShownOnceAndSigns()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var job = await SubmitAsync(Job("jn-gen", new JobNotifyTarget { Url = receiver.Url, Events = ["Succeeded"] }) with { RunAt = DateTimeOffset.UtcNow.AddSeconds(1) });
        var generated = Assert.Single(job.Spec.Notify).Secret;
        Assert.True(generated is not null && JobNotifyValidator.IsSecret(generated), "the 202 shows the generated secret");
        receiver.Secret = generated;

        await Eventually.Async(() => Task.FromResult(receiver.Accepted.Count == 1), Timeout, "the Succeeded event arrives");
        Assert.True(Assert.Single(receiver.Requests).Verified);
        Assert.DoesNotContain(generated!, await _api.GetStringAsync($"api/v1/jobs/{job.Id}"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Notify_JobDeleted_ItsSubscriptionGoesWithIt()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var job = await SubmitAsync(Job("jn-dead", new JobNotifyTarget { Url = receiver.Url, Events = ["DeadLettered"] })
            with { Timeout = TimeSpan.FromMilliseconds(50), Retry = new RetryPolicy { MaxAttempts = 2, InitialBackoff = TimeSpan.Zero } });
        receiver.Secret = job.Spec.Notify[0].Secret;
        var subscriptionId = JobNotifyTarget.SubscriptionId(job.Id, 0);

        // Two failed attempts first; on a loaded machine that has taken close to 30 s.
        await Eventually.Async(() => Task.FromResult(receiver.Accepted.Count == 1), TimeSpan.FromSeconds(90), "the DeadLettered event arrives");
        Assert.Equal("job.deadlettered", JsonDocument.Parse(Assert.Single(receiver.Requests).Body).RootElement.GetProperty("type").GetString());
        using (var found = await _api.GetAsync($"api/v1/webhooks/{subscriptionId}"))
            Assert.Equal(HttpStatusCode.OK, found.StatusCode);
        using (var delete = await _api.DeleteAsync($"api/v1/dead-letters/{job.Id}"))
            Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);
        using (var gone = await _api.GetAsync($"api/v1/webhooks/{subscriptionId}"))
            Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
    }

    [Fact]
    public async Task Notify_OtherTenant_SeesNeitherTheSubscriptionNorItsLog()
    {
        async Task<HttpClient> TenantAsync(string queue)
        {
            using var response = await _api.PostAsJsonAsync("api/v1/keys", new ApiKeyRequest { Name = "jn-" + queue, Scopes = [ApiScopes.Submit, ApiScopes.Operate, ApiScopes.Read], Queues = [queue] }, SchedulerCluster.Json);
            return _factory.CreateClient().Authorize((await SchedulerCluster.ReadAsync<ApiKeyCreated>(response)).Key);
        }
        using var owner = await TenantAsync("jn-t1");
        using var other = await TenantAsync("jn-t2");
        var job = await SubmitAsync(Job("jn-t1", new JobNotifyTarget { Url = "https://hooks.example.com/in", Events = ["Failed"] }), owner);
        var subscriptionId = JobNotifyTarget.SubscriptionId(job.Id, 0);

        using (var own = await owner.GetAsync($"api/v1/webhooks/{subscriptionId}"))
            Assert.Equal(HttpStatusCode.OK, own.StatusCode);
        using (var log = await owner.GetAsync($"api/v1/webhooks/{subscriptionId}/deliveries"))
            Assert.Equal(HttpStatusCode.OK, log.StatusCode);
        using (var hidden = await other.GetAsync($"api/v1/webhooks/{subscriptionId}"))
            Assert.Equal(HttpStatusCode.NotFound, hidden.StatusCode);
        using (var hiddenLog = await other.GetAsync($"api/v1/webhooks/{subscriptionId}/deliveries"))
            Assert.Equal(HttpStatusCode.NotFound, hiddenLog.StatusCode);
    }

    [Fact]
    public async Task OpenApi_JobSpec_DescribesNotify()
    {
        using var document = JsonDocument.Parse(await _api.GetStringAsync("/openapi/v1.json"));
        var schemas = document.RootElement.GetProperty("components").GetProperty("schemas");
        Assert.True(schemas.GetProperty("JobSpec").GetProperty("properties").TryGetProperty("notify", out _), "JobSpec has notify");
        var target = schemas.GetProperty("JobNotifyTarget").GetProperty("properties");
        Assert.All(["url", "events", "secret"], name => Assert.True(target.TryGetProperty(name, out _), name));
    }

    [Fact]
    public async Task Notify_BadTargets_AnswerAProblemNamingTheField()
    {
        var ok = new JobNotifyTarget { Url = "https://hooks.example.com/in", Events = ["Succeeded"] };
        Assert.Contains("notify[0].url", await ProblemAsync(Job("jn-bad", ok with { Url = "http://169.254.169.254/latest/meta-data" })), StringComparison.Ordinal);
        Assert.Contains("notify[0].url", await ProblemAsync(Job("jn-bad", ok with { Url = "http://10.0.0.5/hook" })), StringComparison.Ordinal);
        Assert.Contains("notify[1].url", await ProblemAsync(Job("jn-bad", ok, ok with { Url = "ftp://hooks.example.com/" })), StringComparison.Ordinal);
        Assert.Contains("notify[0].events[1]", await ProblemAsync(Job("jn-bad", ok with { Events = ["Succeeded", "Finished"] })), StringComparison.Ordinal);
        Assert.Contains("notify[0].events", await ProblemAsync(Job("jn-bad", ok with { Events = [] })), StringComparison.Ordinal);
        var badSecret = await ProblemAsync(Job("jn-bad", ok with { Secret = "hunter2-not-a-secret" }));
        Assert.Contains("notify[0].secret", badSecret, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", badSecret, StringComparison.Ordinal);
        Assert.Contains("\"notify\"", await ProblemAsync(Job("jn-bad", [.. Enumerable.Repeat(ok, JobNotifyTarget.MaxPerJob + 1)])), StringComparison.Ordinal);
        var schedule = new ScheduleSpec { Cron = "0 0 * * * *", Job = Job("jn-bad", ok) };
        Assert.Contains("job.notify", await ProblemAsync(schedule, "api/v1/schedules"), StringComparison.Ordinal);
        var page = await _api.GetFromJsonAsync<JobPage>("api/v1/jobs?queue=jn-bad", SchedulerCluster.Json);
        Assert.Empty(page!.Items);
    }
}
