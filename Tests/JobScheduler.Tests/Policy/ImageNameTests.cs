using JobScheduler.Grains.Interfaces;

namespace JobScheduler.Tests.Policy;

/// <summary>Image references split as Docker reads them.</summary>
public sealed class ImageNameTests
{
    [Theory]
    [InlineData("busybox:latest", "docker.io", "docker.io/library/busybox", "latest", null)]
    [InlineData("busybox", "docker.io", "docker.io/library/busybox", null, null)]
    [InlineData("team/app:1.2", "docker.io", "docker.io/team/app", "1.2", null)]
    [InlineData("index.docker.io/library/busybox", "docker.io", "docker.io/library/busybox", null, null)]
    [InlineData("registry.example.com/team/app:1", "registry.example.com", "registry.example.com/team/app", "1", null)]
    [InlineData("127.0.0.1:5000/x:1", "127.0.0.1:5000", "127.0.0.1:5000/x", "1", null)]
    [InlineData("localhost/x", "localhost", "localhost/x", null, null)]
    [InlineData("registry.example.com:5000/a/b@sha256:0123", "registry.example.com:5000", "registry.example.com:5000/a/b", null, "sha256:0123")]
    public void Parse_Reference_SplitsRegistryRepositoryTagAndDigest(string reference, string registry, string repository, string? tag, string? digest)
    {
        var image = ImageName.Parse(reference);

        Assert.Equal((registry, repository, tag, digest), (image.Registry, image.Repository, image.Tag, image.Digest));
    }

    [Fact]
    public void Host_RegistryWithPort_DropsThePort()
    {
        Assert.Equal("127.0.0.1", ImageName.Parse("127.0.0.1:5000/x:1").Host);
    }
}
