using System.Text.Json;
using Xunit.Abstractions;

namespace JobScheduler.Tests.Deploy;

/// <summary>The silo and API images keep the contract the compose stack and Kubernetes rely on (docs/deploy.md).</summary>
[Collection(DeployCollection.Name)]
[Trait("Category", "Deploy")]
public sealed class DeployImagesTests(DeployImagesFixture images, ITestOutputHelper output)
{
    // The local images are a Debian minbase with ICU and the .NET runtimes (about 230 MB) plus the app; an image far
    // above this bound has picked up an SDK, a second runtime or build output.
    private const long MaxImageBytes = 450_000_000;

    [Theory]
    [InlineData(DeployImagesFixture.SiloImage, "/app/JobScheduler.Silo")]
    [InlineData(DeployImagesFixture.ApiImage, "/app/JobScheduler.Client.Api")]
    public async Task Image_Inspected_RunsAppAsUid10001WithHealthCheck(string image, string executable)
    {
        var inspect = await CommandLine.RunCheckedAsync("docker", ["image", "inspect", image], TimeSpan.FromSeconds(30));
        var root = JsonDocument.Parse(inspect.Stdout).RootElement[0];
        var config = root.GetProperty("Config");
        var size = root.GetProperty("Size").GetInt64();
        output.WriteLine($"{image}: {size / 1_000_000.0:0} MB, built with the other image in {images.BuildTime.TotalSeconds:0} s");
        output.WriteLine(images.BuildLog);

        Assert.Equal("10001:10001", config.GetProperty("User").GetString());
        Assert.Equal([executable], config.GetProperty("Entrypoint").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(["CMD", "/app/healthcheck"], config.GetProperty("Healthcheck").GetProperty("Test").EnumerateArray().Select(e => e.GetString()));
        Assert.True(size < MaxImageBytes, $"{image} is {size} bytes, over {MaxImageBytes}.");

        // Who the container runs as, and that the app and the check are executables there (not only in the metadata).
        var id = await CommandLine.RunCheckedAsync("docker",
            ["run", "--rm", "--network", "none", "--entrypoint", "/bin/sh", image, "-c", $"id -u; id -g; test -x {executable} && test -x /app/healthcheck && echo ok"],
            TimeSpan.FromSeconds(60));
        Assert.Equal(["10001", "10001", "ok"], id.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
    }

    [Fact]
    public void Dockerfiles_BuildStages_AreIdentical()
    {
        // The layer cache builds the solution once for both images only while the two build stages match line for line.
        static string BuildStage(string file)
        {
            var text = File.ReadAllText(Path.Combine(Infrastructure.RepositoryLayout.Root, "deploy", "docker", file));
            var start = text.IndexOf("FROM ${SDK_IMAGE} AS build", StringComparison.Ordinal);
            var end = text.IndexOf("FROM ${RUNTIME_IMAGE}", StringComparison.Ordinal);
            Assert.True(start >= 0 && end > start, $"{file} has no build stage followed by a final stage.");
            return text[start..end];
        }

        Assert.Equal(BuildStage("silo.Dockerfile"), BuildStage("api.Dockerfile"));
    }

    [Theory]
    [InlineData("silo")]
    [InlineData("api")]
    public void PrebuiltDockerfile_FinalStage_MatchesTheMultiStageOne(string target)
    {
        // The test builds its images from prebuilt.Dockerfile; they stand for the real ones only while the final stages
        // agree on everything but where the app is copied from.
        static string[] Stage(string file, string target)
        {
            var lines = File.ReadAllLines(Path.Combine(Infrastructure.RepositoryLayout.Root, "deploy", "docker", file));
            return lines
                .SkipWhile(l => l != $"FROM ${{RUNTIME_IMAGE}} AS {target}")
                .TakeWhile((l, i) => i == 0 || !l.StartsWith("FROM ", StringComparison.Ordinal))
                .Where(l => l.Length > 0 && !l.StartsWith('#') && !l.StartsWith("COPY ", StringComparison.Ordinal))
                .ToArray();
        }

        var real = Stage($"{target}.Dockerfile", target);
        Assert.NotEmpty(real);
        Assert.Equal(real, Stage("prebuilt.Dockerfile", target));
    }
}
