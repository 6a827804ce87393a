using JobScheduler.Grains.Interfaces;
using JobScheduler.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;

namespace JobScheduler.Tests.Api;

/// <summary>Log follow on the benchmark's simulated runtime, which produces no output: the follow ends with the attempt.</summary>
public sealed class LogFollowSimulatedTests : IAsyncLifetime
{
    private readonly WebApplicationFactory<Program> _root = new();
    private WebApplicationFactory<Program>? _api;

    public Task InitializeAsync()
    {
        _api = _root.WithWebHostBuilder(builder => builder.UseFreeSiloPorts().UseTestAuth()
            .UseSetting("Scheduler:Containers:Runtime", "Simulated")
            .UseSetting("Scheduler:Containers:SimulatedRunTime", "00:00:03"));
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        if (_api is not null)
            await _api.DisposeAsync();
        await _root.DisposeAsync();
    }

    [Fact]
    public async Task Follow_SimulatedAttempt_NoLinesThenEndWhenTheAttemptEnds()
    {
        var jobs = new JobsHttpClient(_api!.CreateClient().Authorize());
        var job = await jobs.SubmitAsync(new JobSpec { Image = "busybox:latest", Command = ["true"] });
        await jobs.WaitUntilAsync(job.Id, j => j.State == JobState.Running, TimeSpan.FromSeconds(30), "to be claimed");

        var events = await ServerSentEvents.ReadAllAsync(_api.CreateClient().Authorize(), $"/api/v1/jobs/{job.Id}/logs?follow=true", TimeSpan.FromSeconds(30));

        var end = Assert.Single(events);
        Assert.Equal("end", end.Event);
        Assert.Equal("""{"attempt":1,"state":"Succeeded","exitCode":0}""", end.Data);
    }
}
