using System.Net.Http.Json;
using JobScheduler.Grains.Interfaces;
using JobScheduler.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace JobScheduler.Tests.Jobs;

/// <summary>
/// Which jobs a silo keeps in memory: a job due later than one reminder period, and a finished job after its linger,
/// leave memory and are read back from storage unchanged.
/// </summary>
public sealed class JobActivationTests : IAsyncLifetime
{
    private static readonly TimeSpan Linger = TimeSpan.FromSeconds(1);
    private readonly List<WebApplicationFactory<Program>> _hosts = [];
    private WebApplicationFactory<Program> _factory = null!;

    public Task InitializeAsync()
    {
        _factory = Host(linger: null);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        foreach (var host in Enumerable.Reverse(_hosts))
            await host.DisposeAsync();
    }

    /// <summary>An embedded host on free ports, with the default linger or <paramref name="linger"/>.</summary>
    private WebApplicationFactory<Program> Host(TimeSpan? linger)
    {
        var root = new WebApplicationFactory<Program>();
        var host = root.WithWebHostBuilder(builder =>
        {
            builder.UseFreeSiloPorts().UseTestAuth();
            if (linger is { } time)
                builder.UseSetting("Scheduler:Jobs:FinishedLinger", time.ToString());
        });
        _hosts.Add(root);
        _hosts.Add(host);
        return host;
    }

    [Fact]
    public async Task Submit_DueInHours_LeavesMemoryAndReadsBackUnchanged()
    {
        using var http = _factory.CreateAdminClient();
        var submitted = await SubmitAsync(http, DateTimeOffset.UtcNow.AddHours(3));

        await Eventually.Async(async () => await ActivationsOfAsync(submitted.Id) == 0, TimeSpan.FromSeconds(10),
            "the scheduled job's grain is still in memory");
        var read = await http.GetFromJsonAsync<JobRecord>($"api/v1/jobs/{submitted.Id}", SchedulerCluster.Json);
        Assert.Equal(Json(submitted), Json(read));
    }

    [Fact]
    public async Task Cancel_DefaultLinger_FinishedJobLeavesMemoryAtOnce()
    {
        using var http = _factory.CreateAdminClient();
        var submitted = await SubmitAsync(http, DateTimeOffset.UtcNow.AddSeconds(30));
        using var cancel = await http.PostAsync($"api/v1/jobs/{submitted.Id}/cancel", content: null);
        cancel.EnsureSuccessStatusCode();

        await Eventually.Async(async () => await ActivationsOfAsync(submitted.Id) == 0, TimeSpan.FromSeconds(5),
            "the finished job's grain is still in memory");
        var read = await http.GetFromJsonAsync<JobRecord>($"api/v1/jobs/{submitted.Id}", SchedulerCluster.Json);
        Assert.Equal(JobState.Cancelled, read!.State);
    }

    [Fact]
    public async Task Cancel_FinishedJob_StaysForItsLingerThenLeavesMemory()
    {
        _factory = Host(Linger);
        using var http = _factory.CreateAdminClient();
        var submitted = await SubmitAsync(http, DateTimeOffset.UtcNow.AddSeconds(30));
        using var cancel = await http.PostAsync($"api/v1/jobs/{submitted.Id}/cancel", content: null);
        cancel.EnsureSuccessStatusCode();
        var cancelled = await cancel.Content.ReadFromJsonAsync<JobRecord>(SchedulerCluster.Json);

        Assert.Equal(1, await ActivationsOfAsync(submitted.Id));
        await Eventually.Async(async () => await ActivationsOfAsync(submitted.Id) == 0, Linger + TimeSpan.FromSeconds(10),
            "the finished job's grain is still in memory after its linger");
        var read = await http.GetFromJsonAsync<JobRecord>($"api/v1/jobs/{submitted.Id}", SchedulerCluster.Json);
        Assert.Equal(JobState.Cancelled, read!.State);
        Assert.Equal(Json(cancelled), Json(read));
    }

    private static async Task<JobRecord> SubmitAsync(HttpClient http, DateTimeOffset runAt)
    {
        var spec = new JobSpec { Image = "busybox:latest", Command = ["true"], RunAt = runAt };
        using var response = await http.PostAsJsonAsync("api/v1/jobs", spec, SchedulerCluster.Json);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JobRecord>(SchedulerCluster.Json))!;
    }

    // The records hold arrays and dictionaries, which a record compares by reference: compare what the API shows.
    private static string Json(JobRecord? job) => System.Text.Json.JsonSerializer.Serialize(job, SchedulerCluster.Json);

    private Task<int> ActivationsOfAsync(string jobId)
    {
        var grains = _factory.Services.GetRequiredService<IGrainFactory>();
        var job = (GrainReference)grains.GetGrain<IJobGrain>(jobId);
        return grains.GetGrain<IManagementGrain>(0).GetGrainActivationCount(job);
    }
}
