using System.Net;
using JobScheduler.Grains.Policy;

namespace JobScheduler.Tests.Policy;

/// <summary>Addresses a registry may not be on unless the server lists it.</summary>
public sealed class PrivateAddressesTests
{
    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("127.8.9.10")]
    [InlineData("0.0.0.0")]
    [InlineData("10.1.2.3")]
    [InlineData("172.16.0.1")]
    [InlineData("172.31.255.255")]
    [InlineData("192.168.1.1")]
    [InlineData("169.254.169.254")]
    [InlineData("100.64.0.1")]
    [InlineData("224.0.0.1")]
    [InlineData("::1")]
    [InlineData("::")]
    [InlineData("fe80::1")]
    [InlineData("fd00::1")]
    [InlineData("::ffff:127.0.0.1")]
    [InlineData("::ffff:10.0.0.1")]
    [InlineData("2002:7f00:1::")]
    [InlineData("64:ff9b::a9fe:a9fe")]
    public void Contains_NonPublicAddress_IsTrue(string address)
    {
        Assert.True(PrivateAddresses.Contains(IPAddress.Parse(address)));
    }

    [Theory]
    [InlineData("8.8.8.8")]
    [InlineData("172.32.0.1")]
    [InlineData("100.128.0.1")]
    [InlineData("2606:4700:4700::1111")]
    [InlineData("::ffff:1.1.1.1")]
    public void Contains_PublicAddress_IsFalse(string address)
    {
        Assert.False(PrivateAddresses.Contains(IPAddress.Parse(address)));
    }
}
