using StackExchange.Redis;

namespace JobScheduler.Grains.Indexing;

/// <summary>
/// One page of ids, newest first, from sorted sets scored by creation time, with the total: what the job and workflow
/// indexes share.
/// </summary>
internal static class SortedSetPages
{
    /// <summary>One set: its size and the page, in one batch (one round trip).</summary>
    public static async Task<(long Total, RedisValue[] Ids)> RangeAsync(IDatabase db, RedisKey key, long offset, int size)
    {
        var (total, entries) = await RangeWithScoresAsync(db, key, offset, size);
        return (total, Ids(entries));
    }

    /// <summary>
    /// Several sets combined by <paramref name="operation"/> (the intersection of filters, the union of a tenant's
    /// queues): <see cref="CombineAndRangeWithScoresAsync"/> without the scores.
    /// </summary>
    public static async Task<(long Total, RedisValue[] Ids)> CombineAndRangeAsync(
        IDatabase db, SetOperation operation, RedisKey temp, RedisKey[] sets, long offset, int size)
    {
        var (total, entries) = await CombineAndRangeWithScoresAsync(db, operation, temp, sets, offset, size);
        return (total, Ids(entries));
    }

    /// <summary>One set: its size and <paramref name="size"/> members from <paramref name="offset"/>, newest first, with scores (one round trip).</summary>
    public static async Task<(long Total, SortedSetEntry[] Entries)> RangeWithScoresAsync(IDatabase db, RedisKey key, long offset, long size)
    {
        var batch = db.CreateBatch();
        var total = batch.SortedSetLengthAsync(key);
        var entries = batch.SortedSetRangeByRankWithScoresAsync(key, offset, offset + size - 1, Order.Descending);
        batch.Execute();
        return (await total, await entries);
    }

    /// <summary>
    /// Several sets combined by <paramref name="operation"/>, with scores (also for a merge over shards, with
    /// <paramref name="temp"/> in the sets' slot). Redis cannot page a combination without storing it: inside MULTI/EXEC
    /// the stored set (<paramref name="temp"/>) is created, read and deleted at once, so it never leaks even if the
    /// client goes away; MAX keeps the creation time as the score.
    /// </summary>
    public static async Task<(long Total, SortedSetEntry[] Entries)> CombineAndRangeWithScoresAsync(
        IDatabase db, SetOperation operation, RedisKey temp, RedisKey[] sets, long offset, long size)
    {
        var tx = db.CreateTransaction();
        var total = tx.SortedSetCombineAndStoreAsync(operation, temp, sets, weights: null, Aggregate.Max);
        var entries = tx.SortedSetRangeByRankWithScoresAsync(temp, offset, offset + size - 1, Order.Descending);
        var deleted = tx.KeyDeleteAsync(temp);
        if (!await tx.ExecuteAsync())
            throw new InvalidOperationException($"Redis did not run the index {operation.ToString().ToLowerInvariant()} of {sets.Length} sets.");
        await deleted;
        return (await total, await entries);
    }

    private static RedisValue[] Ids(SortedSetEntry[] entries) => Array.ConvertAll(entries, e => e.Element);
}
