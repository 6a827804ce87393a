using StackExchange.Redis;

namespace JobScheduler.Grains.Indexing;

/// <summary>
/// The page of a listing over several shards: each shard gives its first <c>offset + size</c> members in the listing's
/// order, and the page is the slice <c>[offset, offset + size)</c> of their merge. Pure, so it is tested on its own.
/// </summary>
internal static class ShardPageMerge
{
    /// <summary>
    /// Merges <paramref name="shards"/> (each already in order: score descending when <paramref name="descending"/>,
    /// ascending otherwise, ties by member in the same direction, as Redis orders a sorted set) and returns the slice
    /// from <paramref name="offset"/> of at most <paramref name="size"/> members, each with its shard.
    /// </summary>
    public static List<(int Shard, RedisValue Member)> Page(IReadOnlyList<SortedSetEntry[]> shards, long offset, int size, bool descending)
    {
        ArgumentNullException.ThrowIfNull(shards);
        var next = new int[shards.Count];
        var page = new List<(int Shard, RedisValue Member)>(Math.Max(0, size));
        for (long taken = 0; taken < offset + size; taken++)
        {
            var best = -1;
            for (var s = 0; s < shards.Count; s++)
            {
                if (next[s] >= shards[s].Length)
                    continue;
                if (best < 0 || Before(shards[s][next[s]], shards[best][next[best]], descending))
                    best = s;
            }
            if (best < 0)
                break;
            if (taken >= offset)
                page.Add((best, shards[best][next[best]].Element));
            next[best]++;
        }
        return page;
    }

    /// <summary>Whether <paramref name="a"/> comes before <paramref name="b"/> in the listing's order.</summary>
    internal static bool Before(SortedSetEntry a, SortedSetEntry b, bool descending)
    {
        var byScore = a.Score.CompareTo(b.Score);
        if (byScore == 0)
            byScore = string.CompareOrdinal(a.Element.ToString(), b.Element.ToString());
        return descending ? byScore > 0 : byScore < 0;
    }
}
