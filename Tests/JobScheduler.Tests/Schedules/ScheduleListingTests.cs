using System.Net;
using System.Net.Http.Json;
using JobScheduler.Grains.Interfaces;
using JobScheduler.Tests.Api;
using JobScheduler.Tests.Infrastructure;
using JobScheduler.Tests.Security;

namespace JobScheduler.Tests.Schedules;

/// <summary>
/// <c>GET /api/v1/schedules</c> is paged (<c>page</c>, <c>pageSize</c>; newest first; <c>total</c>), and a key limited
/// to queues pages through, and counts, only the schedules of its queues. Each test uses queues of its own, so a
/// tenant's totals are exact although the host is shared.
/// </summary>
[Collection(EmbeddedApiCollection.Name)]
public sealed class ScheduleListingTests(EmbeddedApiFixture api)
{
    private readonly string _queueA = "list-a-" + Guid.NewGuid().ToString("N")[..8];
    private readonly string _queueB = "list-b-" + Guid.NewGuid().ToString("N")[..8];

    private static ScheduleSpec Yearly(string queue) =>
        new() { Cron = "0 3 1 1 *", Job = new JobSpec { Image = "busybox:latest", Command = ["true"], Queue = queue } };

    private async Task<HttpClient> TenantAsync(params string[] queues)
    {
        using var admin = api.CreateClient();
        var key = await ApiKeysHttp.CreateAsync(admin, "lister", [ApiScopes.Read, ApiScopes.Submit, ApiScopes.Operate], queues);
        return api.CreateAnonymousClient().Authorize(key.Key);
    }

    private static async Task<SchedulePage> PageAsync(HttpClient client, string query = "")
    {
        using var response = await client.GetAsync("/api/v1/schedules" + query);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET /api/v1/schedules{query} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<SchedulePage>(SchedulerCluster.Json))!;
    }

    [Theory]
    [InlineData("?page=0", "page")]
    [InlineData("?page=-1", "page")]
    [InlineData("?page=abc", "page")]
    [InlineData("?page=4294967296", "page")]
    [InlineData("?pageSize=0", "pageSize")]
    [InlineData("?pageSize=501", "pageSize")]
    [InlineData("?pageSize=1.5", "pageSize")]
    public async Task List_BadPagingParameter_Is400NamingIt(string query, string field)
    {
        using var http = api.CreateClient();

        await ProblemAssert.NamesFieldAsync(await http.GetAsync("/api/v1/schedules" + query), field);
    }

    [Fact]
    public async Task List_NoParameters_IsFirstPageOfFifty()
    {
        using var http = api.CreateClient();

        var page = await PageAsync(http);

        Assert.Equal((1, 50), (page.Page, page.PageSize));
        Assert.True(page.Items.Count <= 50);
        Assert.True(page.Total >= page.Items.Count);
    }

    [Fact]
    public async Task List_FiveSchedulesInPagesOfTwo_NewestFirstWithTotal()
    {
        using var tenant = await TenantAsync(_queueA);
        var schedules = new SchedulesHttpClient(tenant);
        var created = new List<ScheduleRecord>();
        for (var i = 0; i < 5; i++)
            created.Add(await schedules.CreateAsync(Yearly(_queueA) with { Description = $"n{i}" }));
        try
        {
            var pages = new[] { await PageAsync(tenant, "?pageSize=2"), await PageAsync(tenant, "?page=2&pageSize=2"), await PageAsync(tenant, "?page=3&pageSize=2") };
            var beyond = await PageAsync(tenant, "?page=4&pageSize=2");

            Assert.All(pages, p => Assert.Equal(5, p.Total));
            Assert.Equal([2, 2, 1], pages.Select(p => p.Items.Count));
            Assert.Equal(created.Select(s => s.Id).Reverse(), pages.SelectMany(p => p.Items).Select(s => s.Id));
            Assert.Equal(["n4", "n3"], pages[0].Items.Select(s => s.Description));
            Assert.Equal((4, 2, 5L), (beyond.Page, beyond.PageSize, beyond.Total));
            Assert.Empty(beyond.Items);

            // The admin's listing holds them too, newest first, and its total counts every schedule.
            using var admin = api.CreateClient();
            var all = await PageAsync(admin, "?pageSize=500");
            Assert.True(all.Total >= 5);
            Assert.Equal(created.Select(s => s.Id).Reverse(), all.Items.Select(s => s.Id).Where(created.Select(s => s.Id).Contains));
        }
        finally
        {
            foreach (var schedule in created)
                await schedules.DeleteAsync(schedule.Id);
        }

        Assert.Equal(0, (await PageAsync(tenant)).Total);
    }

    [Fact]
    public async Task List_TwoTenants_EachPagesAndCountsOnlyItsOwnQueues()
    {
        using var a = await TenantAsync(_queueA);
        using var b = await TenantAsync(_queueB);
        using var both = await TenantAsync(_queueA, _queueB);
        var mine = await new SchedulesHttpClient(a).CreateAsync(Yearly(_queueA));
        var theirs = await new SchedulesHttpClient(b).CreateAsync(Yearly(_queueB));
        var shared = await new SchedulesHttpClient(both).CreateAsync(new ScheduleSpec
        {
            Cron = "0 3 1 1 *",
            Workflow = new WorkflowSpec
            {
                Steps =
                [
                    new WorkflowStepSpec { Name = "one", Job = Yearly(_queueA).Job! },
                    new WorkflowStepSpec { Name = "two", Job = Yearly(_queueB).Job! },
                ],
            },
        });
        try
        {
            var pageA = await PageAsync(a, "?pageSize=1");
            var pageB = await PageAsync(b);
            var pageBoth = await PageAsync(both);

            Assert.Equal([mine.Id], pageA.Items.Select(s => s.Id));
            Assert.Equal(1, pageA.Total);
            Assert.Equal([theirs.Id], pageB.Items.Select(s => s.Id));
            Assert.Equal(1, pageB.Total);
            Assert.Equal([shared.Id, theirs.Id, mine.Id], pageBoth.Items.Select(s => s.Id));
            Assert.Equal(3, pageBoth.Total);
            Assert.Empty((await PageAsync(a, "?page=2&pageSize=1")).Items);
        }
        finally
        {
            await new SchedulesHttpClient(both).DeleteAsync(mine.Id);
            await new SchedulesHttpClient(both).DeleteAsync(theirs.Id);
            await new SchedulesHttpClient(both).DeleteAsync(shared.Id);
        }
    }

    [Fact]
    public async Task List_ScheduleMovedToAnotherQueue_LeavesTheFirstTenantsListingForTheOthers()
    {
        using var a = await TenantAsync(_queueA);
        using var b = await TenantAsync(_queueB);
        using var admin = api.CreateClient();
        var schedule = await new SchedulesHttpClient(a).CreateAsync(Yearly(_queueA));
        try
        {
            using var moved = await admin.PutAsJsonAsync($"/api/v1/schedules/{schedule.Id}", Yearly(_queueB), SchedulerCluster.Json);
            Assert.Equal(HttpStatusCode.OK, moved.StatusCode);

            Assert.Equal(0, (await PageAsync(a)).Total);
            Assert.Equal([schedule.Id], (await PageAsync(b)).Items.Select(s => s.Id));
        }
        finally
        {
            await new SchedulesHttpClient(admin).DeleteAsync(schedule.Id);
        }
    }

    [Fact]
    public async Task List_Rows_NameTheirCreator()
    {
        using var admin = api.CreateClient();
        var key = await ApiKeysHttp.CreateAsync(admin, "creator", [ApiScopes.Read, ApiScopes.Submit, ApiScopes.Operate], [_queueA]);
        using var tenant = api.CreateAnonymousClient().Authorize(key.Key);
        var schedule = await new SchedulesHttpClient(tenant).CreateAsync(Yearly(_queueA));
        try
        {
            Assert.Equal($"key:{key.Info.Id}", schedule.CreatedBy);
            Assert.Equal($"key:{key.Info.Id}", Assert.Single((await PageAsync(tenant)).Items).CreatedBy);
            Assert.Equal($"key:{key.Info.Id}", (await new SchedulesHttpClient(admin).GetAsync(schedule.Id)).CreatedBy);
        }
        finally
        {
            await new SchedulesHttpClient(tenant).DeleteAsync(schedule.Id);
        }
    }
}
