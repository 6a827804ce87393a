using System.Net;
using Docker.DotNet;
using JobScheduler.Grains.Docker;
using JobScheduler.Tests.Docker;
using JobScheduler.Tests.Infrastructure;
using static JobScheduler.Tests.Docker.DockerTestRuns;

namespace JobScheduler.Tests.Observability;

/// <summary>What the Docker runtime records on a real engine: each call's latency and outcome, pulls, reachability.</summary>
[Collection(DockerCollection.Name)]
[Trait("Category", "Docker")]
public sealed class DockerMetricsTests(DockerEngineFixture docker)
{
    private const string Calls = "jobscheduler.docker.call.duration";
    private const string Reachable = "jobscheduler.worker.docker_reachable";

    [Fact]
    public async Task RunAsync_ASucceedingContainer_TimesItsEngineCallsAsOkAndPullsNothing()
    {
        using var capture = new MeterCapture();

        var result = await Runtime(docker.Client, metrics: capture.Metrics).RunAsync(Launch(["true"]), NoOpStarted, CancellationToken.None);

        Assert.True(result.Succeeded, result.FailureReason);
        var calls = capture.Of(Calls).Select(c => ((string)c.Tags["call"]!, (string)c.Tags["outcome"]!)).ToArray();
        Assert.Contains(("create", "ok"), calls);
        Assert.Contains(("start", "ok"), calls);
        Assert.Contains(("remove", "ok"), calls);
        Assert.All(capture.Of(Calls), c => Assert.InRange(c.Value, 0, 30));
        Assert.Equal(1, Assert.Single(capture.Of(Reachable)).Value);
        Assert.Empty(capture.Of("jobscheduler.docker.image_pulls"));
    }

    [Fact]
    public async Task RunAsync_ImageTheRegistryRefuses_CountsOneFailedPull()
    {
        using var capture = new MeterCapture();
        await using var registry = new FakeRegistry(HttpStatusCode.NotFound);

        var result = await Runtime(docker.Client, metrics: capture.Metrics)
            .RunAsync(Launch(["true"], image: $"127.0.0.1:{registry.Port}/x:1"), NoOpStarted, CancellationToken.None);

        Assert.False(result.Succeeded);
        var pull = Assert.Single(capture.Of("jobscheduler.docker.image_pulls"));
        Assert.Contains((string)pull.Tags["outcome"]!, new[] { "not-found", "unreachable" });
        // The engine answered the pull (with an error): it is reachable.
        Assert.Contains(capture.Of(Calls), c => (string)c.Tags["call"]! == "pull" && (string)c.Tags["outcome"]! == "error");
        Assert.Equal(1, Assert.Single(capture.Of(Reachable)).Value);
    }

    [Fact]
    public async Task PingAsync_NoEngineAtTheEndpoint_RecordsUnavailableAndUnreachable()
    {
        using var capture = new MeterCapture();
        const string endpoint = "unix:///tmp/nonexistent.sock";
        using var client = new DockerClientConfiguration(new Uri(endpoint)).CreateClient();

        Assert.False(await Runtime(client, new ContainerOptions { DockerEndpoint = endpoint }, capture.Metrics).PingAsync(CancellationToken.None));

        var ping = Assert.Single(capture.Of(Calls));
        Assert.Equal(("ping", "unavailable"), ((string)ping.Tags["call"]!, (string)ping.Tags["outcome"]!));
        Assert.Equal(0, Assert.Single(capture.Of(Reachable)).Value);
    }
}
