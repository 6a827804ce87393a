using JobScheduler.Grains.Indexing;
using StackExchange.Redis;

namespace JobScheduler.Tests.Sharding;

public sealed class ShardPageMergeTests
{
    private static SortedSetEntry[] Shard(params (string Id, double Score)[] entries) =>
        [.. entries.Select(e => new SortedSetEntry(e.Id, e.Score))];

    [Fact]
    public void Page_NewestFirst_InterleavesShardsByScore()
    {
        var shards = new[] { Shard(("a9", 9), ("a5", 5), ("a1", 1)), Shard(("b8", 8), ("b2", 2)), Shard(("c7", 7), ("c6", 6)) };

        var page = ShardPageMerge.Page(shards, offset: 0, size: 10, descending: true);

        Assert.Equal(["a9", "b8", "c7", "c6", "a5", "b2", "a1"], page.Select(p => p.Member.ToString()));
        Assert.Equal([0, 1, 2, 2, 0, 1, 0], page.Select(p => p.Shard));
    }

    [Fact]
    public void Page_SecondPage_SkipsTheMergedOffset()
    {
        var shards = new[] { Shard(("a9", 9), ("a5", 5), ("a1", 1)), Shard(("b8", 8), ("b2", 2)), Shard(("c7", 7), ("c6", 6)) };

        var page = ShardPageMerge.Page(shards, offset: 3, size: 3, descending: true);

        Assert.Equal(["c6", "a5", "b2"], page.Select(p => p.Member.ToString()));
    }

    [Fact]
    public void Page_OldestFirst_MergesAscending()
    {
        var shards = new[] { Shard(("a1", 1), ("a5", 5)), Shard(("b2", 2), ("b8", 8)) };

        var page = ShardPageMerge.Page(shards, offset: 1, size: 2, descending: false);

        Assert.Equal(["b2", "a5"], page.Select(p => p.Member.ToString()));
    }

    [Fact]
    public void Page_EqualScores_OrdersByIdAsRedisDoes()
    {
        var shards = new[] { Shard(("x", 5), ("b", 5)), Shard(("y", 5), ("a", 5)) };

        var page = ShardPageMerge.Page(shards, offset: 0, size: 4, descending: true);

        Assert.Equal(["y", "x", "b", "a"], page.Select(p => p.Member.ToString()));
    }

    [Fact]
    public void Page_PastTheEnd_IsEmpty()
    {
        var page = ShardPageMerge.Page([Shard(("a", 1)), Shard()], offset: 5, size: 5, descending: true);

        Assert.Empty(page);
    }
}
