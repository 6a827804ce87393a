using System.Diagnostics;
using System.Net.Sockets;
using Docker.DotNet;
using JobScheduler.Grains.Docker;
using JobScheduler.Tests.Infrastructure;
using Xunit.Abstractions;
using static JobScheduler.Tests.Docker.DockerTestRuns;

namespace JobScheduler.Tests.Docker;

[Collection(DockerCollection.Name)]
public sealed class DockerContainerFailureTests(DockerEngineFixture docker, ITestOutputHelper output)
{
    [Fact]
    public async Task RunAsync_MissingImageAndNoRegistry_ReportsImageUnavailableWithoutContainer()
    {
        const string image = "jobscheduler-test/does-not-exist:never";
        var clock = Stopwatch.StartNew();

        var result = await Runtime(docker.Client).RunAsync(Launch(["true"], image: image), NoOpStarted, CancellationToken.None);
        output.WriteLine($"{result.FailureReason} after {clock.Elapsed}");

        Assert.StartsWith($"image-unavailable: {image}: ", result.FailureReason);
        Assert.Null(result.ContainerId);
        Assert.Null(result.ExitCode);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), $"took {clock.Elapsed}");
    }

    [Fact]
    public async Task RunAsync_UnreachableEndpoint_ReportsDockerUnavailableQuickly()
    {
        const string endpoint = "unix:///tmp/nonexistent.sock";
        using var client = new DockerClientConfiguration(new Uri(endpoint)).CreateClient();
        var runtime = Runtime(client, new ContainerOptions { DockerEndpoint = endpoint });
        var clock = Stopwatch.StartNew();

        var result = await runtime.RunAsync(Launch(["true"]), NoOpStarted, CancellationToken.None);
        output.WriteLine($"{result.FailureReason} after {clock.Elapsed}");

        Assert.Equal($"docker-unavailable: {endpoint}", result.FailureReason);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"took {clock.Elapsed}");
        Assert.False(await runtime.PingAsync(CancellationToken.None));
    }

    [Fact]
    public async Task RunAsync_EngineAcceptsButNeverAnswers_ReportsDockerUnavailableWithinCallTimeout()
    {
        var path = Path.Combine(Path.GetTempPath(), $"js-silent-{Guid.NewGuid():N}.sock");
        using var silent = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        silent.Bind(new UnixDomainSocketEndPoint(path));
        silent.Listen();
        try
        {
            var endpoint = $"unix://{path}";
            using var client = new DockerClientConfiguration(new Uri(endpoint)).CreateClient();
            var runtime = Runtime(client, new ContainerOptions { DockerEndpoint = endpoint, EngineCallTimeout = TimeSpan.FromSeconds(1) });
            var clock = Stopwatch.StartNew();

            var result = await runtime.RunAsync(Launch(["true"]), NoOpStarted, CancellationToken.None);
            output.WriteLine($"{result.FailureReason} after {clock.Elapsed}");

            Assert.Equal($"docker-unavailable: {endpoint}", result.FailureReason);
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"took {clock.Elapsed}");
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task RunAsync_MemoryHogOverLimit_ReportsOomKilled()
    {
        // The shell keeps 100 MB of output in a variable inside a 16 MiB container.
        var launch = Launch(["sh", "-c", "x=$(head -c 100000000 /dev/zero | tr '\\0' a); echo ${#x}"],
            resources: new Grains.Interfaces.ResourceLimits { MemoryMb = 16 });

        var result = await Runtime(docker.Client).RunAsync(launch, NoOpStarted, CancellationToken.None);
        output.WriteLine($"{result.FailureReason}, exit code {result.ExitCode}, stdout '{result.Logs.Stdout}'");

        Assert.Equal("oom-killed", result.FailureReason);
        Assert.Equal(137, result.ExitCode);
    }

    [Fact]
    public async Task RunAsync_CommandNotInImage_ReportsContainerError()
    {
        var result = await Runtime(docker.Client).RunAsync(Launch(["/no/such/program"]), NoOpStarted, CancellationToken.None);
        output.WriteLine(result.FailureReason);

        Assert.StartsWith("container-error: ", result.FailureReason);
        Assert.False(await ContainerExistsAsync(docker.Client, result.ContainerId!));
    }
}
