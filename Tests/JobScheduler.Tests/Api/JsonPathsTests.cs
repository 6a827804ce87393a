using JobScheduler.Client.Api.Http;

namespace JobScheduler.Tests.Api;

public sealed class JsonPathsTests
{
    [Theory]
    [InlineData("$.resources.memoryMb", "resources.memoryMb")]
    [InlineData("$.command[2]", "command[2]")]
    [InlineData("$.image", "image")]
    [InlineData("$['odd.key']", "odd.key")]
    [InlineData("$.labels['it''s']", "labels.it's")]
    [InlineData("$.labels['a\u0001b']", "labels.a?b")]
    [InlineData("$", "body")]
    [InlineData("", "body")]
    [InlineData(null, "body")]
    public void ToFieldPath_JsonPath_ReturnsApiFieldPath(string? jsonPath, string expected) =>
        Assert.Equal(expected, JsonPaths.ToFieldPath(jsonPath));
}
