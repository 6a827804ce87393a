using System.Text.Json;
using JobScheduler.Grains.Hosting;
using JobScheduler.Grains.Interfaces;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace JobScheduler.Grains.Indexing;

/// <summary>
/// The job index in Redis (cluster mode). Keys under <c>{KeyPrefix}:jobs:</c>:
/// <list type="bullet">
/// <item><c>all</c>, <c>state:{State}</c>, <c>queue:{queue}</c>, <c>label:{key}={value}</c> — ZSETs of job ids scored by
/// <see cref="JobSummary.CreatedAt"/> in unix milliseconds, so a reverse range is newest first;</item>
/// <item><c>summary</c> — one HASH of job id → summary JSON (camelCase, enums as strings).</item>
/// </list>
/// </summary>
/// <remarks>
/// Summaries live in one hash rather than a string per job so that a page's rows come back with one HMGET
/// and the whole index is a handful of keys (plus one per queue and label) that can be inspected or dropped
/// as a unit. The cost is no per-job expiry: retention, when added, removes the field and the set members.
/// </remarks>
public sealed partial class RedisJobIndex : IJobIndex
{
    private readonly IConnectionMultiplexer _redis;
    private readonly RedisJobIndexKeys _keys;
    private readonly ILogger<RedisJobIndex> _logger;

    /// <summary>Creates the index over <paramref name="redis"/> with the keys under <see cref="RedisOptions.KeyPrefix"/>.</summary>
    public RedisJobIndex(IConnectionMultiplexer redis, IOptions<RedisOptions> options, ILogger<RedisJobIndex> logger)
    {
        _redis = redis;
        _keys = new RedisJobIndexKeys(options.Value.KeyPrefix);
        _logger = logger;
    }

    /// <inheritdoc />
    /// <remarks>
    /// One MULTI/EXEC round trip, so a reader never sees a job in two state sets or in none. A state change
    /// writes three commands (ZREM, ZADD, HSET); the queue, label and <c>all</c> sets are written only on the
    /// first record, because a job's queue, labels and creation time never change.
    /// </remarks>
    public async Task RecordAsync(JobSummary job, JobState? previousState)
    {
        ArgumentNullException.ThrowIfNull(job);
        RedisValue id = job.Id;
        double score = job.CreatedAt.ToUnixTimeMilliseconds();
        var writes = new List<Task>(4 + job.Labels.Count);
        var tx = _redis.GetDatabase().CreateTransaction();

        if (previousState is null)
        {
            writes.Add(tx.SortedSetAddAsync(_keys.All, id, score));
            writes.Add(tx.SortedSetAddAsync(_keys.Queue(job.Queue), id, score));
            writes.Add(tx.SetAddAsync(_keys.Queues, job.Queue));
            foreach (var (key, value) in job.Labels)
                writes.Add(tx.SortedSetAddAsync(_keys.Label(key, value), id, score));
            writes.Add(tx.SortedSetAddAsync(_keys.State(job.State), id, score));
        }
        else if (previousState != job.State)
        {
            writes.Add(tx.SortedSetRemoveAsync(_keys.State(previousState.Value), id));
            writes.Add(tx.SortedSetAddAsync(_keys.State(job.State), id, score));
        }

        writes.Add(tx.HashSetAsync(_keys.Summaries, id, JsonSerializer.SerializeToUtf8Bytes(job, JobSummaryJson.Default.JobSummary)));

        if (!await tx.ExecuteAsync())
            throw new InvalidOperationException($"Redis did not apply the index update of job '{job.Id}'.");
        await Task.WhenAll(writes);
    }

    /// <inheritdoc />
    /// <remarks>
    /// Two round trips: the ids (and the total) from the filter's set, or from an intersection of the filters'
    /// sets stored in a temporary key that the same transaction deletes; then the page's summaries by HMGET.
    /// </remarks>
    /// <exception cref="ArgumentException">The query gives a label key without a value, or a value without a key.</exception>
    public async Task<JobPage> QueryAsync(JobQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var window = PageWindow.Of(query);
        var filters = FilterKeys(query);
        var db = _redis.GetDatabase();

        var (total, ids) = filters.Length == 1
            ? await RangeAsync(db, filters[0], window)
            : await IntersectAndRangeAsync(db, filters, window);
        if (ids.Length == 0)
            return window.Empty(total);

        var json = await db.HashGetAsync(_keys.Summaries, ids);
        var items = new List<JobSummary>(ids.Length);
        for (var i = 0; i < ids.Length; i++)
        {
            // A missing field means the job was removed from the summaries (retention, an operator) but not
            // yet from every set: skip it rather than fail the page.
            if (json[i].IsNull)
                continue;
            if (TryDeserialize(ids[i].ToString(), json[i]) is { } summary)
                items.Add(summary);
        }
        return new JobPage { Items = items, Page = window.Page, PageSize = window.PageSize, Total = total };
    }

    /// <inheritdoc />
    public Task RecordQueueAsync(string queue) => _redis.GetDatabase().SetAddAsync(_keys.Queues, queue);

    /// <inheritdoc />
    public async Task<IReadOnlyList<string>> QueuesAsync()
    {
        var names = await _redis.GetDatabase().SetMembersAsync(_keys.Queues);
        return [.. names.Select(n => n.ToString()).Order(StringComparer.Ordinal)];
    }

    /// <inheritdoc />
    /// <remarks>One pipelined round trip of ZINTERCARD per state (Redis 7).</remarks>
    public async Task<IReadOnlyDictionary<JobState, long>> CountByStateAsync(string queue)
    {
        var db = _redis.GetDatabase();
        var batch = db.CreateBatch();
        var queueKey = _keys.Queue(queue);
        var counts = Enum.GetValues<JobState>().ToDictionary(s => s, s => batch.SortedSetIntersectionLengthAsync([queueKey, _keys.State(s)]));
        batch.Execute();
        await Task.WhenAll(counts.Values);
        return counts.ToDictionary(c => c.Key, c => c.Value.Result);
    }

    private RedisKey[] FilterKeys(JobQuery query)
    {
        var keys = new List<RedisKey>(3);
        if (query.State is { } state)
            keys.Add(_keys.State(state));
        if (query.Queue is { } queue)
            keys.Add(_keys.Queue(queue));
        if (LabelFilter.Of(query) is { } label)
            keys.Add(_keys.Label(label.Key, label.Value));
        if (keys.Count == 0)
            keys.Add(_keys.All);
        return [.. keys];
    }

    private static async Task<(long Total, RedisValue[] Ids)> RangeAsync(IDatabase db, RedisKey key, PageWindow window)
    {
        var batch = db.CreateBatch();
        var total = batch.SortedSetLengthAsync(key);
        var ids = batch.SortedSetRangeByRankAsync(key, window.Offset, window.Offset + window.PageSize - 1, Order.Descending);
        batch.Execute();
        return (await total, await ids);
    }

    private async Task<(long Total, RedisValue[] Ids)> IntersectAndRangeAsync(IDatabase db, RedisKey[] filters, PageWindow window)
    {
        // Redis cannot page an intersection without storing it. Inside MULTI/EXEC the stored set is created,
        // read and deleted at once, so it never leaks even if the client goes away; MAX keeps CreatedAt as score.
        var temp = _keys.NewIntersection();
        var tx = db.CreateTransaction();
        var total = tx.SortedSetCombineAndStoreAsync(SetOperation.Intersect, temp, filters, weights: null, Aggregate.Max);
        var ids = tx.SortedSetRangeByRankAsync(temp, window.Offset, window.Offset + window.PageSize - 1, Order.Descending);
        var deleted = tx.KeyDeleteAsync(temp);
        if (!await tx.ExecuteAsync())
            throw new InvalidOperationException("Redis did not run the job index intersection.");
        await deleted;
        return (await total, await ids);
    }

    private JobSummary? TryDeserialize(string jobId, RedisValue json)
    {
        try
        {
            return JsonSerializer.Deserialize(((ReadOnlyMemory<byte>)json).Span, JobSummaryJson.Default.JobSummary);
        }
        catch (JsonException ex)
        {
            // One tampered or outdated row must not take the listing down with it.
            LogUnreadableSummary(_logger, ex, jobId);
            return null;
        }
    }

    /// <inheritdoc />
    /// <remarks>
    /// One MULTI/EXEC round trip. The job is removed from every state set, not only <see cref="JobSummary.State"/>'s,
    /// so a stale summary cannot leave it listed; queue and labels never change, so the summary names their sets.
    /// </remarks>
    public async Task RemoveAsync(JobSummary job)
    {
        ArgumentNullException.ThrowIfNull(job);
        RedisValue id = job.Id;
        var tx = _redis.GetDatabase().CreateTransaction();
        var writes = new List<Task>(8 + _keys.States.Count + job.Labels.Count)
        {
            tx.SortedSetRemoveAsync(_keys.All, id),
            tx.SortedSetRemoveAsync(_keys.Queue(job.Queue), id),
        };
        foreach (var state in _keys.States)
            writes.Add(tx.SortedSetRemoveAsync(state, id));
        foreach (var (key, value) in job.Labels)
            writes.Add(tx.SortedSetRemoveAsync(_keys.Label(key, value), id));
        writes.Add(tx.HashDeleteAsync(_keys.Summaries, id));

        if (!await tx.ExecuteAsync())
            throw new InvalidOperationException($"Redis did not apply the index removal of job '{job.Id}'.");
        await Task.WhenAll(writes);
    }
}
