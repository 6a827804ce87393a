using System.Net;
using JobScheduler.Grains.Interfaces;
using JobScheduler.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;

namespace JobScheduler.Tests.Api;

/// <summary>An embedded host whose worker points at a Docker endpoint where no engine listens.</summary>
public sealed class DockerUnavailableTests : IAsyncLifetime
{
    private const string Endpoint = "unix:///tmp/jobscheduler-no-engine.sock";
    private readonly WebApplicationFactory<Program> _root = new();
    private readonly WebApplicationFactory<Program> _factory;

    public DockerUnavailableTests()
    {
        _factory = _root.WithWebHostBuilder(builder => builder
            .UseFreeSiloPorts()
            .UseTestAuth()
            .UseSetting("Scheduler:Containers:DockerEndpoint", Endpoint));
    }

    [Fact]
    public async Task Job_EngineUnreachable_FailsQuicklyWithDockerUnavailableNamingTheEndpoint()
    {
        var jobs = new JobsHttpClient(_factory.CreateAdminClient());
        var job = await jobs.SubmitAsync(new JobSpec { Image = "busybox:latest", Command = ["true"], Retry = new RetryPolicy { MaxAttempts = 1 } });

        var done = await jobs.WaitForTerminalAsync(job.Id, TimeSpan.FromSeconds(30));

        Assert.Equal(JobState.Failed, done.State);
        Assert.Equal($"{FailureReasons.DockerUnavailable}: {Endpoint}", done.CurrentAttempt!.FailureReason);
    }

    [Fact]
    public async Task Ready_EngineUnreachable_Returns503NamingTheEndpoint()
    {
        using var response = await _factory.CreateAdminClient().GetAsync("/health/ready");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Contains($"{FailureReasons.DockerUnavailable}: {Endpoint}", await response.Content.ReadAsStringAsync());
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await _factory.DisposeAsync();
        await _root.DisposeAsync();
    }
}
