using System.Diagnostics;

namespace JobScheduler.Tests.Deploy;

/// <summary>
/// Builds <c>jobscheduler/silo:local</c> and <c>jobscheduler/api:local</c> once for the collection, as
/// <c>deploy/docker/build-images.sh --local --prebuilt</c> does: each host published from this machine's Release build
/// and copied onto the local base image (<c>jobscheduler/aspnet:local</c>, made by deploy/scripts/prepare-machine.sh from
/// Debian's packages). With <c>JOBSCHEDULER_DEPLOY_TEST_FULL_BUILD=1</c> it runs the real multi-stage Dockerfiles on the
/// local SDK image instead (a compile in Docker: about 5 minutes on 2 cores).
/// </summary>
public sealed class DeployImagesFixture : IAsyncLifetime
{
    /// <summary>The silo image the stack runs.</summary>
    public const string SiloImage = "jobscheduler/silo:local";

    /// <summary>The API image the stack runs.</summary>
    public const string ApiImage = "jobscheduler/api:local";

    /// <summary>How long building both images took.</summary>
    public TimeSpan BuildTime { get; private set; }

    /// <summary>What the build script printed (image sizes among it).</summary>
    public string BuildLog { get; private set; } = "";

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        foreach (var image in new[] { "jobscheduler/base:local", "jobscheduler/aspnet:local", "jobscheduler/dotnet-sdk:local", "jobscheduler/redis:local", "jobscheduler/prometheus:local" })
        {
            var inspect = await CommandLine.RunAsync("docker", ["image", "inspect", image], TimeSpan.FromSeconds(30));
            Assert.True(inspect.ExitCode == 0,
                $"The local image {image} is missing: run `bash deploy/scripts/prepare-machine.sh` as root (it runs deploy/docker/local/make-base-images.sh). {inspect.Stderr}");
        }

        string[] mode = Environment.GetEnvironmentVariable("JOBSCHEDULER_DEPLOY_TEST_FULL_BUILD") == "1" ? ["--local"] : ["--local", "--prebuilt"];
        var watch = Stopwatch.StartNew();
        var build = await CommandLine.RunCheckedAsync("bash", ["deploy/docker/build-images.sh", .. mode], TimeSpan.FromMinutes(15));
        BuildTime = watch.Elapsed;
        BuildLog = build.Stderr;
    }

    /// <inheritdoc />
    public Task DisposeAsync() => Task.CompletedTask;
}
