using JobScheduler.Grains.Hosting;

namespace JobScheduler.Tests.Hosting;

/// <summary>What the hosts take from a Redis connection string, and how they read Redis's eviction policy.</summary>
public sealed class RedisConnectionTests
{
    [Fact]
    public void Options_CredentialsAndTls_AreKept()
    {
        var options = RedisConnection.Options("redis.internal:6380,user=scheduler,password=s3cret,ssl=true,sslHost=redis.internal");

        Assert.Equal("scheduler", options.User);
        Assert.Equal("s3cret", options.Password);
        Assert.True(options.Ssl);
        Assert.Equal("redis.internal", options.SslHost);
        Assert.False(options.AbortOnConnectFail);
    }

    [Theory]
    [InlineData("# Memory\r\nused_memory:1\r\nmaxmemory_policy:allkeys-lru\r\nmem_fragmentation_ratio:1\r\n", "allkeys-lru")]
    [InlineData("maxmemory_policy:noeviction", "noeviction")]
    [InlineData("# Memory\r\nused_memory:1\r\n", null)]
    public void Parse_InfoMemory_ReadsPolicy(string info, string? policy) =>
        Assert.Equal(policy, RedisEvictionPolicy.Parse(info));

    [Theory]
    [InlineData("noeviction", true)]
    [InlineData("allkeys-lru", false)]
    [InlineData("volatile-ttl", false)]
    public void IsSafe_Policy_OnlyNoEviction(string policy, bool safe) =>
        Assert.Equal(safe, RedisEvictionPolicy.IsSafe(policy));
}
