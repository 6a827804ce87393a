using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using JobScheduler.Grains.Interfaces;
using JobScheduler.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;

namespace JobScheduler.Tests.Webhooks;

/// <summary>
/// Webhooks in embedded mode (the in-memory event ring, simulated containers) posting to a real local receiver that
/// verifies every signature with the StandardWebhooks package. Loopback and http are allowed by this host's configuration.
/// </summary>
public sealed class WebhookTests : IAsyncLifetime
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

    private async Task<WebhookCreated> SubscribeAsync(WebhookReceiver receiver, string queue, params string[] events)
    {
        using var response = await _api.PostAsJsonAsync("api/v1/webhooks", new WebhookRequest { Url = receiver.Url, Events = events, Queue = queue }, SchedulerCluster.Json);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var created = await SchedulerCluster.ReadAsync<WebhookCreated>(response);
        receiver.Secret = created.Secret;
        return created;
    }

    private async Task<string> SubmitAsync(string queue)
    {
        using var response = await _api.PostAsJsonAsync("api/v1/jobs", new JobSpec { Image = "busybox:latest", Command = ["true"], Queue = queue }, SchedulerCluster.Json);
        response.EnsureSuccessStatusCode();
        return (await SchedulerCluster.ReadAsync<JobRecord>(response)).Id;
    }

    private async Task<IReadOnlyList<WebhookDelivery>> DeliveriesAsync(string subscriptionId) =>
        (await _api.GetFromJsonAsync<List<WebhookDelivery>>($"api/v1/webhooks/{subscriptionId}/deliveries", SchedulerCluster.Json))!;

    [Fact]
    public async Task Delivery_ReceiverFailsTwice_GetsTheEventThreeTimesWithOneId()
    {
        await using var receiver = await WebhookReceiver.StartAsync(failuresPerId: 2);
        var created = await SubscribeAsync(receiver, "wh-retry", "Succeeded");
        Assert.StartsWith("whsec_", created.Secret, StringComparison.Ordinal);
        var job = await SubmitAsync("wh-retry");

        await Eventually.Async(() => Task.FromResult(receiver.Accepted.Count == 1), Timeout, "the receiver accepts the job's Succeeded event");
        var requests = receiver.Requests.ToList();
        Assert.Equal(3, requests.Count);
        Assert.Single(requests.Select(r => r.WebhookId).Distinct());
        Assert.All(requests, r => Assert.True(r.Verified, "every request carries a valid Standard Webhooks signature"));
        using var body = JsonDocument.Parse(requests[^1].Body);
        Assert.Equal("job.succeeded", body.RootElement.GetProperty("type").GetString());
        Assert.Equal(job, body.RootElement.GetProperty("data").GetProperty("jobId").GetString());
        Assert.Equal(requests[0].WebhookId, body.RootElement.GetProperty("data").GetProperty("id").GetString());

        await Eventually.Async(async () => (await DeliveriesAsync(created.Subscription.Id)) is [{ Status: WebhookDeliveryStatus.Succeeded }],
            Timeout, "the delivery log shows the delivery succeeded");
        var delivery = Assert.Single(await DeliveriesAsync(created.Subscription.Id));
        Assert.Equal((3, 204, job), (delivery.Attempts, delivery.ResponseCode, delivery.JobId));
        Assert.NotNull(delivery.LatencyMs);
    }

    [Fact]
    public async Task Delivery_EveryJobEvent_ArrivesSignedAndFiltered()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await SubscribeAsync(receiver, "wh-all", WebhookEvents.All);
        var jobs = new List<string>();
        for (var i = 0; i < 5; i++)
            jobs.Add(await SubmitAsync("wh-all"));
        await SubmitAsync("wh-other");

        await Eventually.Async(() => Task.FromResult(receiver.Accepted.Count >= 15), Timeout, () => $"15 events arrive (got {receiver.Accepted.Count})");
        var types = receiver.Requests.Select(r => JsonDocument.Parse(r.Body).RootElement).ToList();
        Assert.All(receiver.Requests, r => Assert.True(r.Verified));
        Assert.Equal(jobs.Order(StringComparer.Ordinal), types.Select(t => t.GetProperty("data").GetProperty("jobId").GetString()!).Distinct().Order(StringComparer.Ordinal));
        Assert.Equal(5, types.Count(t => t.GetProperty("type").GetString() == "job.succeeded"));
        Assert.Equal(15, receiver.Requests.Count);
    }

    [Fact]
    public async Task Delivery_ReceiverDownForTheWholeWindow_IsDeadLetteredAndResent()
    {
        await using var receiver = await WebhookReceiver.StartAsync(failuresPerId: int.MaxValue);
        var created = await SubscribeAsync(receiver, "wh-dead", "Succeeded");
        await SubmitAsync("wh-dead");

        await Eventually.Async(async () => (await DeliveriesAsync(created.Subscription.Id)) is [{ Status: WebhookDeliveryStatus.DeadLettered }],
            Timeout, "the delivery is dead-lettered after its retry window");
        var dead = Assert.Single(await DeliveriesAsync(created.Subscription.Id));
        Assert.True(dead.Attempts >= 2);
        Assert.Equal((500, "the receiver answered 500"), (dead.ResponseCode, dead.Error));

        receiver.FailuresPerId = 0;
        using var resend = await _api.PostAsync($"api/v1/webhooks/{created.Subscription.Id}/deliveries/{dead.Id}/resend", null);
        Assert.Equal(HttpStatusCode.OK, resend.StatusCode);
        await Eventually.Async(() => Task.FromResult(receiver.Accepted.Contains(dead.EventId)), Timeout, "the resent delivery arrives with the same webhook-id");
        await Eventually.Async(async () => (await DeliveriesAsync(created.Subscription.Id)) is [{ Status: WebhookDeliveryStatus.Succeeded }],
            Timeout, "the delivery log shows it succeeded");
    }

    [Fact]
    public async Task Subscriptions_TenantKey_ManagesOnlyItsQueues()
    {
        using var keyResponse = await _api.PostAsJsonAsync("api/v1/keys", new ApiKeyRequest { Name = "wh-tenant", Scopes = [ApiScopes.Operate], Queues = ["wh-t1"] }, SchedulerCluster.Json);
        var key = await SchedulerCluster.ReadAsync<ApiKeyCreated>(keyResponse);
        using var tenant = _factory.CreateClient().Authorize(key.Key);
        const string Url = "https://hooks.example.com/in";

        using (var global = await tenant.PostAsJsonAsync("api/v1/webhooks", new WebhookRequest { Url = Url, Events = ["Failed"] }, SchedulerCluster.Json))
            Assert.Equal(HttpStatusCode.BadRequest, global.StatusCode);
        using (var other = await tenant.PostAsJsonAsync("api/v1/webhooks", new WebhookRequest { Url = Url, Events = ["Failed"], Queue = "wh-t2" }, SchedulerCluster.Json))
            Assert.Equal(HttpStatusCode.Forbidden, other.StatusCode);
        using var own = await tenant.PostAsJsonAsync("api/v1/webhooks", new WebhookRequest { Url = Url, Events = ["Failed"], Queue = "wh-t1" }, SchedulerCluster.Json);
        Assert.Equal(HttpStatusCode.Created, own.StatusCode);
        var ownId = (await SchedulerCluster.ReadAsync<WebhookCreated>(own)).Subscription.Id;
        using var adminGlobal = await _api.PostAsJsonAsync("api/v1/webhooks", new WebhookRequest { Url = Url, Events = ["DeadLettered"] }, SchedulerCluster.Json);
        var globalId = (await SchedulerCluster.ReadAsync<WebhookCreated>(adminGlobal)).Subscription.Id;

        var listed = await tenant.GetFromJsonAsync<List<WebhookSubscription>>("api/v1/webhooks", SchedulerCluster.Json);
        Assert.Equal([ownId], listed!.Select(s => s.Id));
        using (var hidden = await tenant.GetAsync($"api/v1/webhooks/{globalId}"))
            Assert.Equal(HttpStatusCode.NotFound, hidden.StatusCode);
        using (var delete = await tenant.DeleteAsync($"api/v1/webhooks/{ownId}"))
            Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);
        using (var gone = await _api.GetAsync($"api/v1/webhooks/{ownId}"))
            Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
    }

    [Fact]
    public async Task Create_BadRequest_AnswersAProblemNamingTheField()
    {
        using var badUrl = await _api.PostAsJsonAsync("api/v1/webhooks", new WebhookRequest { Url = "ftp://x", Events = ["Failed"] }, SchedulerCluster.Json);
        Assert.Equal(HttpStatusCode.BadRequest, badUrl.StatusCode);
        Assert.Contains("\"url\"", await badUrl.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        using var badEvent = await _api.PostAsJsonAsync("api/v1/webhooks", new WebhookRequest { Url = "https://a.example/", Events = ["Finished"] }, SchedulerCluster.Json);
        Assert.Equal(HttpStatusCode.BadRequest, badEvent.StatusCode);
        Assert.Contains("events[0]", await badEvent.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
