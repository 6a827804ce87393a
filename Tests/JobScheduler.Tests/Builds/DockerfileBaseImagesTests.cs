using JobScheduler.Grains.Builds;

namespace JobScheduler.Tests.Builds;

/// <summary>The FROM images a Dockerfile builds from, as the image policy sees them before the build.</summary>
public sealed class DockerfileBaseImagesTests
{
    private static readonly Dictionary<string, string> NoArgs = [];

    [Fact]
    public void Parse_MultiStage_ListsEachBaseOnceAndSkipsStagesAndScratch()
    {
        const string dockerfile = """
            # syntax comment
            FROM golang:1.22 AS build
            RUN go build ./...
            FROM build AS test
            from --platform=linux/amd64 registry.example.com:5000/team/tools:1 as tools
            FROM scratch
            COPY --from=build /app /app
            FROM golang:1.22
            """;

        var images = DockerfileBaseImages.Parse(dockerfile, NoArgs);

        Assert.Equal(["golang:1.22", "registry.example.com:5000/team/tools:1"], images);
    }

    [Fact]
    public void Parse_ArgBeforeFrom_IsSubstitutedWithItsDefaultOrTheBuildArgument()
    {
        const string dockerfile = "ARG REGISTRY=docker.io\nARG TAG=\"1.36\"\nFROM ${REGISTRY}/library/busybox:$TAG\nFROM alpine:${ALPINE:-3.20}\n";

        Assert.Equal(["docker.io/library/busybox:1.36", "alpine:3.20"], DockerfileBaseImages.Parse(dockerfile, NoArgs));
        Assert.Equal(["evil.example/library/busybox:1.36", "alpine:3.20"],
            DockerfileBaseImages.Parse(dockerfile, new Dictionary<string, string> { ["REGISTRY"] = "evil.example" }));
    }

    [Fact]
    public void Parse_ContinuationLines_AreJoined()
    {
        Assert.Equal(["busybox:latest"], DockerfileBaseImages.Parse("FROM \\\n  busybox:latest \\\n  AS base\nRUN true\n", NoArgs));
    }

    [Theory]
    [InlineData("RUN echo no from\n")]
    [InlineData("FROM\n")]
    [InlineData("FROM ${UNSET}:latest\n")]
    public void Parse_NoFromOrUnresolvedVariable_IsAFormatError(string dockerfile)
    {
        Assert.Throws<FormatException>(() => DockerfileBaseImages.Parse(dockerfile, NoArgs));
    }
}
