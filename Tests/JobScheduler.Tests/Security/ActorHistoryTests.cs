using System.Net;
using System.Net.Http.Json;
using JobScheduler.Grains.Interfaces;
using JobScheduler.Tests.Infrastructure;

namespace JobScheduler.Tests.Security;

/// <summary>Each job records who submitted it, and its history who cancelled or requeued it: a key's id, never the key.</summary>
[Collection(EmbeddedApiCollection.Name)]
public sealed class ActorHistoryTests(EmbeddedApiFixture api)
{
    [Fact]
    public async Task Job_SubmittedAndCancelledWithKeys_RecordsTheirIdsNotTheirSecrets()
    {
        using var admin = api.CreateClient();
        var submitter = await ApiKeysHttp.CreateAsync(admin, "submitter", [ApiScopes.Submit, ApiScopes.Read]);
        var operatorKey = await ApiKeysHttp.CreateAsync(admin, "operator", [ApiScopes.Operate, ApiScopes.Read]);
        using var submitting = api.CreateAnonymousClient().Authorize(submitter.Key);
        using var operating = api.CreateAnonymousClient().Authorize(operatorKey.Key);

        var job = await new JobsHttpClient(submitting).SubmitAsync(
            new JobSpec { Image = "busybox:latest", Command = ["true"], RunAt = DateTimeOffset.UtcNow.AddHours(1) });
        var cancelled = await new JobsHttpClient(operating).CancelAsync(job.Id);

        Assert.Equal($"key:{submitter.Info.Id}", job.SubmittedBy);
        var action = Assert.Single(cancelled.Actions);
        Assert.Equal(JobAction.Cancel, action.Action);
        Assert.Equal($"key:{operatorKey.Info.Id}", action.Actor);
        var body = await operating.GetStringAsync($"/api/v1/jobs/{job.Id}");
        Assert.DoesNotContain(submitter.Key, body, StringComparison.Ordinal);
        Assert.DoesNotContain(operatorKey.Key, body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Keys_ListedAndRevoked_NeverShowASecretAndRevokedKeysAreRefused()
    {
        using var admin = api.CreateClient();
        var key = await ApiKeysHttp.CreateAsync(admin, "short-lived", [ApiScopes.Read]);
        using var client = api.CreateAnonymousClient().Authorize(key.Key);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/queues")).StatusCode);

        var listing = await admin.GetStringAsync("/api/v1/keys");
        Assert.Contains(key.Info.Id, listing, StringComparison.Ordinal);
        Assert.DoesNotContain(key.Key, listing, StringComparison.Ordinal);

        using var revoke = await admin.DeleteAsync($"/api/v1/keys/{key.Info.Id}");
        var revoked = await revoke.Content.ReadFromJsonAsync<ApiKeyInfo>(SchedulerCluster.Json);
        Assert.NotNull(revoked!.RevokedAt);
        Assert.Equal("bootstrap", revoked.RevokedBy);
        await Eventually.Async(async () => (await client.GetAsync("/api/v1/queues")).StatusCode == HttpStatusCode.Unauthorized,
            TimeSpan.FromSeconds(5), "the revoked key to be refused");
    }

    [Fact]
    public async Task CreateKey_InvalidRequest_NamesEachFieldAndStoresNothing()
    {
        using var admin = api.CreateClient();
        var before = await admin.GetFromJsonAsync<ApiKeyInfo[]>("/api/v1/keys", SchedulerCluster.Json);

        using var response = await admin.PostAsJsonAsync("/api/v1/keys", new { name = "bad\u0001", scopes = new[] { "root" }, queues = new[] { "Bad Queue" } });

        await Api.ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest);
        await Api.ProblemAssert.NamesFieldAsync(response, "name");
        await Api.ProblemAssert.NamesFieldAsync(response, "scopes[0]");
        await Api.ProblemAssert.NamesFieldAsync(response, "queues[0]");
        var after = await admin.GetFromJsonAsync<ApiKeyInfo[]>("/api/v1/keys", SchedulerCluster.Json);
        Assert.Equal(before!.Length, after!.Length);
    }
}
