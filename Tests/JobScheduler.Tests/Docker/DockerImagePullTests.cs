using System.Net;
using System.Text.RegularExpressions;
using Docker.DotNet.Models;
using JobScheduler.Grains.Docker;
using JobScheduler.Tests.Infrastructure;
using Xunit.Abstractions;
using static JobScheduler.Tests.Docker.DockerTestRuns;

namespace JobScheduler.Tests.Docker;

/// <summary>Pull policy, pull timeout, and failure reasons that never carry what a registry answered.</summary>
[Collection(DockerCollection.Name)]
[Trait("Category", "Docker")]
public sealed class DockerImagePullTests(DockerEngineFixture docker, ITestOutputHelper output)
{
    [Theory]
    [InlineData(HttpStatusCode.NotFound)]
    [InlineData(HttpStatusCode.Unauthorized)]
    [InlineData(HttpStatusCode.InternalServerError)]
    [InlineData(HttpStatusCode.OK)]
    public async Task RunAsync_RegistryAnswersWithBody_FailureReasonOmitsBody(HttpStatusCode status)
    {
        await using var registry = new FakeRegistry(status);
        var image = $"127.0.0.1:{registry.Port}/x:1";

        var result = await Runtime(docker.Client).RunAsync(Launch(["true"], image: image), NoOpStarted, CancellationToken.None);
        output.WriteLine(result.FailureReason);

        Assert.True(registry.Requests > 0, "the engine never reached the registry");
        Assert.DoesNotContain(registry.Marker, result.FailureReason, StringComparison.Ordinal);
        Assert.Matches($"^image-unavailable: {Regex.Escape(image)}: (not-found|unauthorized|unreachable)$", result.FailureReason);
        Assert.Null(result.ContainerId);
    }

    [Fact]
    public async Task RunAsync_PullPolicyNeverAndImageMissing_FailsWithoutContactingRegistry()
    {
        await using var registry = new FakeRegistry(HttpStatusCode.OK);
        var image = $"127.0.0.1:{registry.Port}/x:1";

        var result = await Runtime(docker.Client, new ContainerOptions { PullPolicy = ImagePullPolicy.Never })
            .RunAsync(Launch(["true"], image: image), NoOpStarted, CancellationToken.None);

        Assert.Equal($"image-unavailable: {image}: not-present", result.FailureReason);
        Assert.Equal(0, registry.Requests);
    }

    [Fact]
    public async Task RunAsync_ImagePresent_IfNotPresentRunsWithoutRegistryAndAlwaysPullsFirst()
    {
        await using var registry = new FakeRegistry(HttpStatusCode.NotFound);
        var repository = $"127.0.0.1:{registry.Port}/present";
        await docker.Client.Images.TagImageAsync(DockerEngineFixture.Image, new ImageTagParameters { RepositoryName = repository, Tag = "1" });
        try
        {
            var image = $"{repository}:1";

            var ifNotPresent = await Runtime(docker.Client).RunAsync(Launch(["true"], image: image), NoOpStarted, CancellationToken.None);
            var requestsBefore = registry.Requests;
            var always = await Runtime(docker.Client, new ContainerOptions { PullPolicy = ImagePullPolicy.Always })
                .RunAsync(Launch(["true"], image: image), NoOpStarted, CancellationToken.None);

            Assert.True(ifNotPresent.Succeeded, ifNotPresent.FailureReason);
            Assert.Equal(0, requestsBefore);
            Assert.True(registry.Requests > 0, "Always did not pull");
            // The engine answers 500 for most registry failures (it did here for the registry's 404), hence "unreachable".
            Assert.Matches($"^image-unavailable: {Regex.Escape(image)}: (not-found|unreachable)$", always.FailureReason);
            Assert.DoesNotContain(registry.Marker, always.FailureReason, StringComparison.Ordinal);
        }
        finally
        {
            await docker.Client.Images.DeleteImageAsync($"{repository}:1", new ImageDeleteParameters());
        }
    }

    [Fact]
    public async Task RunAsync_RegistryNeverAnswers_FailsAsTimeoutWithinPullTimeout()
    {
        await using var registry = new FakeRegistry(status: null);
        var image = $"127.0.0.1:{registry.Port}/silent:1";
        var options = new ContainerOptions { PullTimeout = TimeSpan.FromSeconds(2) };
        var clock = System.Diagnostics.Stopwatch.StartNew();

        var result = await Runtime(docker.Client, options).RunAsync(Launch(["true"], image: image), NoOpStarted, CancellationToken.None);
        output.WriteLine($"{result.FailureReason} after {clock.Elapsed}");

        Assert.Equal($"image-unavailable: {image}: timeout", result.FailureReason);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(15), $"took {clock.Elapsed}");
    }
}
