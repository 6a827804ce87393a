using JobScheduler.Grains.Interfaces;

namespace JobScheduler.Tests.Queues;

public sealed class ContainerUserTests
{
    [Theory]
    [InlineData("65534:65534")]
    [InlineData("0:0")]
    [InlineData("0")]
    [InlineData("nobody")]
    [InlineData("app:staff")]
    [InlineData("app_user.1-x")]
    public void IsValid_UidGidOrNames_True(string user) => Assert.True(ContainerUser.IsValid(user));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData(":")]
    [InlineData("0:")]
    [InlineData(":0")]
    [InlineData("0:0:0")]
    [InlineData("-rf")]
    [InlineData("a b")]
    [InlineData("a\nb")]
    [InlineData("a\u0000")]
    [InlineData("root;id")]
    [InlineData("99999999999")]
    [InlineData("abcdefghijklmnopqrstuvwxyzabcdefg")]
    public void IsValid_Malformed_False(string? user) => Assert.False(ContainerUser.IsValid(user));
}
