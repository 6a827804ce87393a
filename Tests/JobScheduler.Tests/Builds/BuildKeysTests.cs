using System.Formats.Tar;
using System.Text;
using JobScheduler.Grains.Builds;
using JobScheduler.Grains.Interfaces;

namespace JobScheduler.Tests.Builds;

/// <summary>Content tags, recipe keys and the build archive.</summary>
public sealed class BuildKeysTests
{
    private static readonly byte[] Dockerfile = Encoding.UTF8.GetBytes("FROM busybox:latest\n");

    [Fact]
    public void ContentTag_SameContent_IsTheSameAndAnyChangeGivesAnother()
    {
        var build = new BuildSpec { DockerfileUrl = "https://a.example/Dockerfile", BuildArgs = new Dictionary<string, string> { ["A"] = "1", ["B"] = "2" } };
        var tag = BuildKeys.ContentTag(Dockerfile, null, build);

        Assert.Matches("^jobscheduler-build:[0-9a-f]{32}$", tag);
        // The URL is not content: the same bytes from elsewhere are the same image; argument order does not matter.
        Assert.Equal(tag, BuildKeys.ContentTag(Dockerfile, null, build with
        {
            DockerfileUrl = "https://b.example/x",
            BuildArgs = new Dictionary<string, string> { ["B"] = "2", ["A"] = "1" },
        }));
        Assert.NotEqual(tag, BuildKeys.ContentTag(Encoding.UTF8.GetBytes("FROM busybox:latest\n\n"), null, build));
        Assert.NotEqual(tag, BuildKeys.ContentTag(Dockerfile, [1], build));
        Assert.NotEqual(tag, BuildKeys.ContentTag(Dockerfile, null, build with { Target = "x" }));
        Assert.NotEqual(tag, BuildKeys.ContentTag(Dockerfile, null, build with { BuildArgs = new Dictionary<string, string> { ["A"] = "12" } }));
        // Length prefixes: moving a byte from a name to its value is another build.
        Assert.NotEqual(
            BuildKeys.ContentTag(Dockerfile, null, build with { BuildArgs = new Dictionary<string, string> { ["AB"] = "C" } }),
            BuildKeys.ContentTag(Dockerfile, null, build with { BuildArgs = new Dictionary<string, string> { ["A"] = "BC" } }));
    }

    [Fact]
    public void Recipe_DependsOnTheContextUrlNotItsBytes()
    {
        var build = new BuildSpec { DockerfileUrl = "https://a.example/Dockerfile", ContextUrl = "https://a.example/ctx.tar.gz" };

        Assert.Equal(BuildKeys.Recipe(Dockerfile, build), BuildKeys.Recipe(Dockerfile, build with { DockerfileUrl = "https://c.example/" }));
        Assert.NotEqual(BuildKeys.Recipe(Dockerfile, build), BuildKeys.Recipe(Dockerfile, build with { ContextUrl = "https://a.example/other.tar" }));
    }

    [Fact]
    public void Archive_HoldsTheContextAndTheFetchedDockerfileUnderItsOwnName()
    {
        var context = BuildServer.TarGz(new Dictionary<string, string> { ["app/hello.txt"] = "hi", [".jobscheduler.Dockerfile"] = "FROM evil" });

        using var archive = BuildContextArchive.Create(Dockerfile, context);
        using var reader = new TarReader(archive);
        var entries = new Dictionary<string, string>();
        while (reader.GetNextEntry() is { } entry)
            entries[entry.Name] = new StreamReader(entry.DataStream!).ReadToEnd();

        Assert.Equal([BuildContextArchive.DockerfileName, "app/hello.txt"], entries.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("FROM busybox:latest\n", entries[BuildContextArchive.DockerfileName]);
    }

    [Fact]
    public void Archive_ContextThatIsNotATar_IsRefused()
    {
        Assert.ThrowsAny<Exception>(() => BuildContextArchive.Create(Dockerfile, Encoding.UTF8.GetBytes(new string('x', 2000))));
    }
}
