using System.Net;
using System.Net.Http.Json;
using JobScheduler.Grains.Interfaces;
using JobScheduler.Tests.Api;
using JobScheduler.Tests.Infrastructure;
using JobScheduler.Tests.Security;
using Microsoft.Extensions.DependencyInjection;

namespace JobScheduler.Tests.Schedules;

/// <summary>
/// The most schedules one principal may hold (<c>Scheduler:Auth:Quotas:MaxSchedules</c>, 2 on this host): over it a
/// create answers 429 with Retry-After and the limit <c>principal.maxSchedules</c>, stores nothing, and leaves other
/// principals alone; deleting one frees a place. Each test uses keys and a queue of its own.
/// </summary>
public sealed class ScheduleQuotaTests(ScheduleQuotaFixture host) : IClassFixture<ScheduleQuotaFixture>
{
    private readonly string _queue = "quota-" + Guid.NewGuid().ToString("N")[..8];

    private ScheduleSpec Yearly => new() { Cron = "0 3 1 1 *", Job = new JobSpec { Image = "busybox:latest", Command = ["true"], Queue = _queue } };

    private async Task<(HttpClient Client, string Actor)> PrincipalAsync(string name)
    {
        using var admin = host.CreateClient();
        var key = await ApiKeysHttp.CreateAsync(admin, name, [ApiScopes.Read, ApiScopes.Submit, ApiScopes.Operate], [_queue]);
        return (host.CreateAnonymousClient().Authorize(key.Key), $"key:{key.Info.Id}");
    }

    private static async Task<SchedulePage> ListAsync(HttpClient client) =>
        (await client.GetFromJsonAsync<SchedulePage>("/api/v1/schedules?pageSize=500", SchedulerCluster.Json))!;

    private JobSchedulerClient Typed => host.Factory.Services.GetRequiredService<JobSchedulerClient>();

    [Fact]
    public async Task Create_OverQuota_Is429WithRetryAfterAndLimit_StoresNothing_OthersUnaffected_DeleteFreesAPlace()
    {
        var (alice, aliceActor) = await PrincipalAsync("alice");
        var (bob, _) = await PrincipalAsync("bob");
        var schedules = new SchedulesHttpClient(alice);
        var first = await schedules.CreateAsync(Yearly with { Description = "first" });
        var second = await schedules.CreateAsync(Yearly with { Description = "second" });

        using var third = await alice.PostAsJsonAsync("/api/v1/schedules", Yearly with { Description = "third" }, SchedulerCluster.Json);

        var problem = await ProblemAssert.IsProblemAsync(third, HttpStatusCode.TooManyRequests);
        Assert.Equal(ScheduleQuota.Limit, problem.GetProperty("limit").GetString());
        Assert.Contains("2", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(ScheduleQuotaFixture.RetryAfter, third.Headers.RetryAfter?.Delta);
        var listed = await ListAsync(alice);
        Assert.Equal(2, listed.Total);
        Assert.Equal([second.Id, first.Id], listed.Items.Select(s => s.Id));
        Assert.Equal(2, await Typed.CountSchedulesCreatedByAsync(aliceActor));

        // Another principal has its own quota.
        var bobs = await new SchedulesHttpClient(bob).CreateAsync(Yearly with { Description = "bob's" });
        Assert.Equal(3, (await ListAsync(bob)).Total);

        // A delete frees a place; the place is taken again by the next create.
        await schedules.DeleteAsync(first.Id);
        var replacement = await schedules.CreateAsync(Yearly with { Description = "replacement" });
        using var again = await alice.PostAsJsonAsync("/api/v1/schedules", Yearly, SchedulerCluster.Json);
        await ProblemAssert.IsProblemAsync(again, HttpStatusCode.TooManyRequests);

        foreach (var id in new[] { second.Id, replacement.Id, bobs.Id })
            await schedules.DeleteAsync(id);
        Assert.Equal(0, (await ListAsync(alice)).Total);
    }

    [Fact]
    public async Task Create_ConcurrentAtTheLastPlace_ExactlyOnePasses()
    {
        var (alice, aliceActor) = await PrincipalAsync("racer");
        var schedules = new SchedulesHttpClient(alice);
        var first = await schedules.CreateAsync(Yearly);

        var responses = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => alice.PostAsJsonAsync("/api/v1/schedules", Yearly, SchedulerCluster.Json)));
        try
        {
            Assert.Equal(1, responses.Count(r => r.StatusCode == HttpStatusCode.Created));
            Assert.Equal(5, responses.Count(r => r.StatusCode == HttpStatusCode.TooManyRequests));
            Assert.Equal(2, (await ListAsync(alice)).Total);
            Assert.Equal(2, await Typed.CountSchedulesCreatedByAsync(aliceActor));
        }
        finally
        {
            foreach (var summary in (await ListAsync(alice)).Items)
                await schedules.DeleteAsync(summary.Id);
            foreach (var response in responses)
                response.Dispose();
        }

        Assert.Equal(0, await Typed.CountSchedulesCreatedByAsync(aliceActor));
        Assert.Null(await Typed.GetScheduleAsync(first.Id));
    }

    [Fact]
    public async Task TypedClient_OverQuota_ThrowsAdmissionRejected_WithoutActorNoQuota()
    {
        var actor = "typed-" + Guid.NewGuid().ToString("N")[..8];
        var quota = new ScheduleQuota { MaxSchedules = 1, RetryAfter = TimeSpan.FromSeconds(3) };
        var kept = await Typed.CreateScheduleAsync(Yearly, actor, quota);
        try
        {
            var refused = await Assert.ThrowsAsync<AdmissionRejectedException>(() => Typed.CreateScheduleAsync(Yearly, actor, quota));
            Assert.Equal((ScheduleQuota.Limit, TimeSpan.FromSeconds(3)), (refused.Limit, refused.RetryAfter));
            Assert.Equal(actor, kept.CreatedBy);
            Assert.Equal(1, await Typed.CountSchedulesCreatedByAsync(actor));

            // Without an actor nothing is counted, whatever the quota.
            var anonymous = await Typed.CreateScheduleAsync(Yearly, actor: null, quota);
            Assert.Null(anonymous.CreatedBy);
            Assert.True(await Typed.DeleteScheduleAsync(anonymous.Id));
        }
        finally
        {
            Assert.True(await Typed.DeleteScheduleAsync(kept.Id));
        }
    }
}
