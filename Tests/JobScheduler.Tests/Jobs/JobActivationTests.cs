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
    private readonly WebApplicationFactory<Program> _root = new();
    private WebApplicationFactory<Program> _factory = null!;

    public Task InitializeAsync()
    {
        var ports = FreePort.Many(2);
        _factory = _root.WithWebHostBuilder(builder => builder
            .UseSetting("Scheduler:Silo:SiloPort", ports[0].ToString(System.Globalization.CultureInfo.InvariantCulture))
            .UseSetting("Scheduler:Silo:GatewayPort", ports[1].ToString(System.Globalization.CultureInfo.InvariantCulture))
            .UseSetting("Scheduler:Jobs:FinishedLinger", Linger.ToString()));
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _factory.DisposeAsync();
        await _root.DisposeAsync();
    }

    [Fact]
    public async Task Submit_DueInHours_LeavesMemoryAndReadsBackUnchanged()
    {
        using var http = _factory.CreateClient();
        var submitted = await SubmitAsync(http, DateTimeOffset.UtcNow.AddHours(3));

        await Eventually.Async(async () => await ActivationsOfAsync(submitted.Id) == 0, TimeSpan.FromSeconds(10),
            "the scheduled job's grain is still in memory");
        var read = await http.GetFromJsonAsync<JobRecord>($"api/v1/jobs/{submitted.Id}", SchedulerCluster.Json);
        Assert.Equal(Json(submitted), Json(read));
    }

    [Fact]
    public async Task Cancel_FinishedJob_StaysForItsLingerThenLeavesMemory()
    {
        using var http = _factory.CreateClient();
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
