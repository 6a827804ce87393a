using JobScheduler.Grains.Hosting;
using Microsoft.Extensions.Options;

namespace JobScheduler.Tests.Sharding;

public sealed class RedisShardLayoutTests
{
    [Fact]
    public void Roots_OneShardUntagged_AreTheKeyPrefixAsBefore()
    {
        var layout = new RedisShardLayout("jobscheduler", shards: 1, tagged: false);

        Assert.False(layout.Tagged);
        Assert.Equal("jobscheduler", layout.Root(0));
        Assert.Equal("jobscheduler", layout.SingleSlotRoot);
        Assert.Equal(0, layout.ShardOf("any-job"));
    }

    [Fact]
    public void Roots_OneShardOnACluster_AreOneHashTag()
    {
        var layout = new RedisShardLayout("jobscheduler", shards: 1, tagged: true);

        Assert.Equal("{jobscheduler:s0}", layout.Root(0));
    }

    [Fact]
    public void Roots_ThreeShards_EachItsOwnHashTag()
    {
        var layout = new RedisShardLayout("js", shards: 3, tagged: false);

        Assert.True(layout.Tagged);
        Assert.Equal(["{js:s0}", "{js:s1}", "{js:s2}"], Enumerable.Range(0, 3).Select(layout.Root));
        Assert.Equal("{js:s0}", layout.SingleSlotRoot);
    }

    [Fact]
    public void StableHash_KnownInputs_AreFnv1a()
    {
        // FNV-1a 32-bit reference values: the shard of a stored job must never change between releases.
        Assert.Equal(2166136261u, RedisShardLayout.StableHash(""));
        Assert.Equal(0xe40c292cu, RedisShardLayout.StableHash("a"));
        Assert.Equal(0xbf9cf968u, RedisShardLayout.StableHash("foobar"));
    }

    [Fact]
    public void ShardOf_ManyIds_SpreadsEvenlyAndStaysInRange()
    {
        var layout = new RedisShardLayout("js", shards: 4, tagged: false);
        var counts = new int[4];
        for (var i = 0; i < 40_000; i++)
            counts[layout.ShardOf(Guid.NewGuid().ToString("N"))]++;

        Assert.All(counts, c => Assert.InRange(c, 9_000, 11_000));
        Assert.Equal(layout.ShardOf("job-1"), new RedisShardLayout("js", 4, false).ShardOf("job-1"));
    }

    [Fact]
    public void ShardOf_LongNonAsciiId_HashesItsUtf8Bytes()
    {
        var id = new string('é', 300);

        Assert.Equal(RedisShardLayout.StableHash(id), RedisShardLayout.StableHash(new string('é', 300)));
    }

    [Fact]
    public void Validate_ShardsAndSettleOutOfRange_ReportsBoth()
    {
        var validator = new RedisOptionsValidator();

        var result = validator.Validate(null, new RedisOptions { Shards = 0, EventSettle = TimeSpan.FromMinutes(2) });

        Assert.True(result.Failed);
        Assert.Contains(result.Failures!, f => f.Contains("Scheduler:Redis:Shards", StringComparison.Ordinal));
        Assert.Contains(result.Failures!, f => f.Contains("Scheduler:Redis:EventSettle", StringComparison.Ordinal));
        Assert.True(validator.Validate(null, new RedisOptions { Shards = RedisOptions.MaxShards }).Succeeded);
        Assert.True(validator.Validate(null, new RedisOptions { Shards = RedisOptions.MaxShards + 1 }).Failed);
    }
}
