using JobScheduler.Grains.Interfaces;

namespace JobScheduler.Tests.Policy;

/// <summary>The patterns of image policies: '*' within a segment, '**' across segments.</summary>
public sealed class ImageGlobTests
{
    [Theory]
    [InlineData("docker.io/library/*", "docker.io/library/busybox", true)]
    [InlineData("docker.io/library/*", "docker.io/library/team/busybox", false)]
    [InlineData("docker.io/library/*", "docker.io/team/busybox", false)]
    [InlineData("registry.example.com/team/**", "registry.example.com/team/app", true)]
    [InlineData("registry.example.com/team/**", "registry.example.com/team/a/b/c", true)]
    [InlineData("registry.example.com/team/**", "registry.example.com/other/app", false)]
    [InlineData("registry.example.com/**", "registry.example.com.evil.net/app", false)]
    [InlineData("*/library/busybox", "docker.io/library/busybox", true)]
    [InlineData("docker.io/library/busybox", "docker.io/library/busybox", true)]
    [InlineData("docker.io/library/busybox", "docker.io/library/busyboxx", false)]
    [InlineData("docker.io/*/app-*", "docker.io/team/app-web", true)]
    [InlineData("**", "anything/at/all", true)]
    public void IsMatch_PatternAndName_MatchesAsDocumented(string pattern, string name, bool expected)
    {
        Assert.Equal(expected, ImageGlob.IsMatch(pattern, name));
    }

    [Fact]
    public void IsMatch_ManyStarsOnALongName_AnswersAtOnce()
    {
        var pattern = string.Concat(Enumerable.Repeat("*a", 100)) + "b";

        Assert.False(ImageGlob.IsMatch(pattern, new string('a', 255)));
    }

    [Theory]
    [InlineData("docker.io/library/*", true)]
    [InlineData("", false)]
    [InlineData("Docker.io/x", false)]
    [InlineData("docker.io/x y", false)]
    public void IsValid_Pattern_AcceptsImageCharactersAndStars(string pattern, bool expected)
    {
        Assert.Equal(expected, ImageGlob.IsValid(pattern));
    }
}
