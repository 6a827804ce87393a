using System.Net.Http.Json;
using JobScheduler.Grains.Interfaces;
using JobScheduler.Tests.Api;
using JobScheduler.Tests.Infrastructure;

namespace JobScheduler.Tests.Policy;

/// <summary>The server's own limits (<c>Scheduler:Limits</c>, <c>Scheduler:Images</c>, <c>Scheduler:Schedules</c>) through the REST API.</summary>
public sealed class ServerPolicyApiTests(LimitedServerFixture server) : IClassFixture<LimitedServerFixture>
{
    private readonly HttpClient _http = server.CreateClient();

    private static JobSpec Later => new() { Image = "busybox:latest", Command = ["true"], RunAt = DateTimeOffset.UtcNow.AddDays(1) };

    [Fact]
    public async Task Submit_AboveTheServersMaxima_Returns400NamingFieldAndLimit()
    {
        using var response = await _http.PostAsJsonAsync("/api/v1/jobs", Later with
        {
            Resources = new ResourceLimits { MemoryMb = 4096 },
            Timeout = TimeSpan.FromHours(2),
        }, SchedulerCluster.Json);

        Assert.Equal(["At most 2048 MiB on this server."], await ProblemAssert.NamesFieldAsync(response, "resources.memoryMb"));
        Assert.Equal(["At most 01:00:00 on this server."], await ProblemAssert.NamesFieldAsync(response, "timeout"));
    }

    [Fact]
    public async Task Submit_QueueMaximaAboveTheServers_TheServersApply()
    {
        var queue = QueuesHttpClient.UniqueName("generous");
        await new QueuesHttpClient(_http).UpdateAsync(queue, new QueueSettings { Maxima = new JobMaxima { MemoryMb = 8192 } });

        using var response = await _http.PostAsJsonAsync("/api/v1/jobs", Later with { Queue = queue, Resources = new ResourceLimits { MemoryMb = 4096 } }, SchedulerCluster.Json);

        Assert.Equal(["At most 2048 MiB on this server."], await ProblemAssert.NamesFieldAsync(response, "resources.memoryMb"));
    }

    [Fact]
    public async Task UpdateQueue_DefaultsAboveTheServersMaxima_Returns400()
    {
        using var response = await _http.PutAsJsonAsync($"/api/v1/queues/{QueuesHttpClient.UniqueName("defaults")}",
            new QueueSettings { Resources = new ResourceLimits { MemoryMb = 4096 } }, SchedulerCluster.Json);

        Assert.Equal(["At most 2048 MiB on this server."], await ProblemAssert.NamesFieldAsync(response, "resources.memoryMb"));
    }

    [Theory]
    [InlineData("quay.io/team/app:1")]
    [InlineData("team/app:1")]
    public async Task Submit_ImageOutsideTheServersAllowList_Returns400NamingImage(string image)
    {
        using var response = await _http.PostAsJsonAsync("/api/v1/jobs", Later with { Image = image }, SchedulerCluster.Json);

        Assert.Contains(await ProblemAssert.NamesFieldAsync(response, "image"), m => m.Contains("on this server", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Submit_ListedPrivateRegistry_IsAccepted()
    {
        await new JobsHttpClient(_http).SubmitAsync(Later with { Image = "127.0.0.1:5999/team/app:1" });
    }

    [Fact]
    public async Task CreateSchedule_CronCloserThanTheServersMinimum_Returns400NamingCron()
    {
        using var response = await _http.PostAsJsonAsync("/api/v1/schedules", new ScheduleSpec
        {
            Cron = "* * * * * *",
            Job = new JobSpec { Image = "busybox:latest", Command = ["true"] },
        }, SchedulerCluster.Json);

        Assert.Contains(await ProblemAssert.NamesFieldAsync(response, "cron"), m => m.Contains("on this server", StringComparison.Ordinal));
    }
}
