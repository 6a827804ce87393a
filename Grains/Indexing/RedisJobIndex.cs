using System.Text.Json;
using JobScheduler.Grains.Events;
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
/// <item><c>summary</c> — one HASH of job id → summary JSON (camelCase, enums as strings);</item>
/// <item><c>counts:{queue}</c> — a HASH per queue of state name → how many of the queue's jobs that state's set
/// holds (no field for zero), so a queue's depth by state is one HGETALL;</item>
/// <item><c>ready:{queue}</c> — a ZSET per queue of its ready (Queued) job ids scored by when they became ready, whose
/// lowest score is the queue's longest wait;</item>
/// <item><c>queues</c> — a SET of queue names.</item>
/// </list>
/// </summary>
/// <remarks>
/// Summaries live in one hash rather than a string per job so that a page's rows come back with one HMGET
/// and the whole index is a handful of keys (plus a few per queue and one per label) that can be inspected or dropped
/// as a unit. The cost is no per-job expiry: retention, when added, removes the field and the set members.
/// A first record, a state change and a removal are each one Lua script (<see cref="RedisJobIndexScripts"/>, sent by
/// SHA once the server has it), so the sets, the counts and the summary change together in one round trip.
/// </remarks>
public sealed partial class RedisJobIndex : IJobIndex
{
    private readonly IConnectionMultiplexer _redis;
    private readonly RedisJobIndexKeys _keys;
    private readonly ILogger<RedisJobIndex> _logger;
    private readonly RedisValue _eventsMaxLength;
    // One entry per shard (Scheduler:Redis:Shards); with one shard, _keys and _events are shard 0's.
    private readonly RedisShardLayout _layout;
    private readonly RedisJobIndexKeys[] _shardKeys;
    private readonly RedisKey[] _shardEvents;
    private readonly EventAppendedSignal? _appended;

    /// <summary>
    /// Creates the index over <paramref name="redis"/> with the keys under <see cref="RedisOptions.KeyPrefix"/>; job events
    /// go to the <see cref="RedisEventLog"/> stream under the same prefix, bounded by <paramref name="events"/> (the
    /// defaults when none); this process's readers of the log hear of each event through <paramref name="appended"/>.
    /// </summary>
    public RedisJobIndex(
        IConnectionMultiplexer redis, IOptions<RedisOptions> options, ILogger<RedisJobIndex> logger, IOptions<EventLogOptions>? events = null, EventAppendedSignal? appended = null)
    {
        _appended = appended;
        _redis = redis;
        _layout = RedisShardLayout.For(redis, options.Value);
        _shardKeys = [.. Enumerable.Range(0, _layout.Count).Select(i => new RedisJobIndexKeys(_layout.Root(i)))];
        _shardEvents = [.. Enumerable.Range(0, _layout.Count).Select(i => RedisEventLog.KeyFor(_layout.Root(i)))];
        _keys = _shardKeys[0];
        _logger = logger;
        _eventsMaxLength = (events?.Value ?? new EventLogOptions()).MaxLength;
    }

    private bool Sharded => _shardKeys.Length > 1;

    /// <inheritdoc />
    /// <remarks>
    /// One round trip, applied as a unit, so a reader never sees a job in two state sets or in none, nor a count
    /// that disagrees with the sets. A state change is one script (ZREM, ZADD, HSET, and HINCRBY of the counts
    /// the sets say moved); the queue, label and <c>all</c> sets are written only on the first record, because a
    /// job's queue, labels and creation time never change. A record in the same state is a single HSET. The
    /// <paramref name="change"/>, if any, is added to the event stream by the same script.
    /// </remarks>
    public async Task RecordAsync(JobSummary job, JobState? previousState, string? owner = null, SchedulerEvent? change = null)
    {
        ArgumentNullException.ThrowIfNull(job);
        RedisValue id = job.Id;
        RedisValue score = job.CreatedAt.ToUnixTimeMilliseconds();
        RedisValue json = JsonSerializer.SerializeToUtf8Bytes(job, JobSummaryJson.Default.JobSummary);
        RedisValue eventJson = change is null ? RedisValue.EmptyString : SchedulerEventJson.Stored(change);
        RedisValue readySince = job.State == JobState.Queued ? job.UpdatedAt.ToUnixTimeMilliseconds() : RedisValue.EmptyString;
        var db = _redis.GetDatabase();
        // With several shards every key of the job's scripts is its shard's (one slot), and the scripts give the
        // event an id unique across the shards' streams (two more ARGV: the shard and the shard count).
        var shard = _layout.ShardOf(job.Id);
        var k = _shardKeys[shard];
        var events = _shardEvents[shard];

        if (previousState is null)
        {
            var keys = new List<RedisKey>(8 + job.Labels.Count) { k.Summaries, k.State(job.State), k.Queues, events };
            var counts = AddCounts(k, keys, job.Queue, owner);
            keys.Add(k.All);
            keys.Add(k.Queue(job.Queue));
            foreach (var (key, value) in job.Labels)
                keys.Add(k.Label(key, value));
            keys.Add(k.Ready(job.Queue));
            RedisValue[] args = [id, score, json, job.State.ToString(), job.Queue, counts, eventJson, _eventsMaxLength, readySince];
            await (Sharded
                ? db.ScriptEvaluateAsync(RedisJobIndexScripts.RecordFirstSharded, [.. keys], [.. args, shard, _shardKeys.Length])
                : db.ScriptEvaluateAsync(RedisJobIndexScripts.RecordFirst, [.. keys], args));
            if (change is not null)
                _appended?.Raise();
        }
        else if (previousState != job.State)
        {
            var keys = new List<RedisKey>(7) { k.Summaries, k.State(previousState.Value), k.State(job.State), events };
            AddCounts(k, keys, job.Queue, owner);
            keys.Add(k.Ready(job.Queue));
            RedisValue[] args = [id, score, json, previousState.Value.ToString(), job.State.ToString(), eventJson, _eventsMaxLength, readySince];
            await (Sharded
                ? db.ScriptEvaluateAsync(RedisJobIndexScripts.RecordTransitionSharded, [.. keys], [.. args, shard, _shardKeys.Length])
                : db.ScriptEvaluateAsync(RedisJobIndexScripts.RecordTransition, [.. keys], args));
            if (change is not null)
                _appended?.Raise();
        }
        else
        {
            // No set and no count changes: the summary alone, one command and atomic by itself.
            await db.HashSetAsync(k.Summaries, id, json);
        }
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
        if (Sharded)
            return await QueryShardsAsync(query, window);
        var filters = FilterKeys(_keys, query);
        var db = _redis.GetDatabase();

        var (total, ids) = filters.Length == 1
            ? await SortedSetPages.RangeAsync(db, filters[0], window.Offset, window.PageSize)
            : await SortedSetPages.CombineAndRangeAsync(db, SetOperation.Intersect, _keys.NewIntersection(), filters, window.Offset, window.PageSize);
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
    /// <remarks>With several shards the name goes to shard 0's set; a listing reads every shard's.</remarks>
    public Task RecordQueueAsync(string queue) => _redis.GetDatabase().SetAddAsync(_keys.Queues, queue);

    /// <inheritdoc />
    public async Task<IReadOnlyList<string>> QueuesAsync()
    {
        var db = _redis.GetDatabase();
        var names = await Task.WhenAll(_shardKeys.Select(k => db.SetMembersAsync(k.Queues)));
        return [.. names.SelectMany(n => n).Select(n => n.ToString()).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
    }

    /// <inheritdoc />
    /// <remarks>
    /// One HGETALL of the queue's counts hash, which the writing scripts keep equal to the state sets: O(states),
    /// however many jobs the queue holds. A field that names no state is ignored; a negative one reads as zero.
    /// </remarks>
    public Task<IReadOnlyDictionary<JobState, long>> CountByStateAsync(string queue) => CountsAsync(k => k.Counts(queue));

    /// <inheritdoc />
    /// <remarks>One ZRANGE 0 0 WITHSCORES of the queue's ready set, which the writing scripts keep with the transitions.</remarks>
    public async Task<DateTimeOffset?> OldestReadySinceAsync(string queue)
    {
        var db = _redis.GetDatabase();
        // With several shards: each shard's oldest, and the oldest of those.
        var oldest = await Task.WhenAll(_shardKeys.Select(k => db.SortedSetRangeByRankWithScoresAsync(k.Ready(queue), 0, 0)));
        var first = oldest.SelectMany(o => o).Select(e => (double?)e.Score).Min();
        return first is { } score ? DateTimeOffset.FromUnixTimeMilliseconds((long)score) : null;
    }

    /// <inheritdoc />
    /// <remarks>One HGETALL of the owner's counts hash, kept by the same scripts as the queues' counts.</remarks>
    public Task<IReadOnlyDictionary<JobState, long>> CountByOwnerAsync(string owner) => CountsAsync(k => k.OwnerCounts(owner));

    /// <summary>Adds the counts hashes a job moves (its queue's, its owner's if any) of its shard's <paramref name="k"/>; returns how many.</summary>
    private static int AddCounts(RedisJobIndexKeys k, List<RedisKey> keys, string queue, string? owner)
    {
        keys.Add(k.Counts(queue));
        if (owner is null)
            return 1;
        keys.Add(k.OwnerCounts(owner));
        return 2;
    }

    /// <summary>The counts hash <paramref name="countsKey"/> of every shard, summed (one HGETALL per shard).</summary>
    private async Task<IReadOnlyDictionary<JobState, long>> CountsAsync(Func<RedisJobIndexKeys, RedisKey> countsKey)
    {
        var db = _redis.GetDatabase();
        var shards = await Task.WhenAll(_shardKeys.Select(k => db.HashGetAllAsync(countsKey(k))));
        var totals = Enum.GetValues<JobState>().ToDictionary(s => s, _ => 0L);
        foreach (var fields in shards)
        {
            var byName = fields.ToDictionary(f => f.Name.ToString(), f => f.Value, StringComparer.Ordinal);
            foreach (var state in Enum.GetValues<JobState>())
            {
                if (byName.TryGetValue(state.ToString(), out var value) && value.TryParse(out long count))
                    totals[state] += Math.Max(0, count);
            }
        }
        return totals;
    }

    /// <inheritdoc />
    /// <remarks>
    /// Two round trips: ZRANGEBYSCORE of the state's set (scored by creation time) with LIMIT, then HMGET of the
    /// summaries. A job whose summary is gone (removed between the two) is left out.
    /// </remarks>
    public async Task<IReadOnlyList<JobSummary>> OldestAsync(JobState state, DateTimeOffset createdBefore, long offset, int count)
    {
        if (Sharded)
            return await OldestShardsAsync(state, createdBefore, offset, count);
        var db = _redis.GetDatabase();
        var ids = await db.SortedSetRangeByScoreAsync(
            _keys.State(state), double.NegativeInfinity, createdBefore.ToUnixTimeMilliseconds(), Exclude.None, Order.Ascending, offset, count);
        if (ids.Length == 0)
            return [];
        var json = await db.HashGetAsync(_keys.Summaries, ids);
        var items = new List<JobSummary>(ids.Length);
        for (var i = 0; i < ids.Length; i++)
        {
            if (!json[i].IsNull && TryDeserialize(ids[i].ToString(), json[i]) is { } summary)
                items.Add(summary);
        }
        return items;
    }

    private static RedisKey[] FilterKeys(RedisJobIndexKeys k, JobQuery query)
    {
        var keys = new List<RedisKey>(3);
        if (query.State is { } state)
            keys.Add(k.State(state));
        if (query.Queue is { } queue)
            keys.Add(k.Queue(queue));
        if (LabelFilter.Of(query) is { } label)
            keys.Add(k.Label(label.Key, label.Value));
        if (keys.Count == 0)
            keys.Add(k.All);
        return [.. keys];
    }

    /// <summary>
    /// A page over several shards: each shard's first <c>offset + size</c> ids with their scores (and its total), merged
    /// newest first (<see cref="ShardPageMerge"/>), then the page's summaries by one HMGET per shard. A deep page costs
    /// every shard <c>offset + size</c> ids: the price of a merge without a global order.
    /// </summary>
    private async Task<JobPage> QueryShardsAsync(JobQuery query, PageWindow window)
    {
        var db = _redis.GetDatabase();
        var reads = await Task.WhenAll(_shardKeys.Select(k =>
        {
            var filters = FilterKeys(k, query);
            return filters.Length == 1
                ? SortedSetPages.RangeWithScoresAsync(db, filters[0], 0, window.Offset + window.PageSize)
                : SortedSetPages.CombineAndRangeWithScoresAsync(db, SetOperation.Intersect, k.NewIntersection(), filters, 0, window.Offset + window.PageSize);
        }));
        var total = reads.Sum(r => r.Total);
        var page = ShardPageMerge.Page([.. reads.Select(r => r.Entries)], window.Offset, window.PageSize, descending: true);
        if (page.Count == 0)
            return window.Empty(total);
        var items = await SummariesAsync(db, page);
        return new JobPage { Items = items, Page = window.Page, PageSize = window.PageSize, Total = total };
    }

    /// <summary><see cref="OldestAsync"/> over several shards: each shard's first <c>offset + count</c>, merged oldest first.</summary>
    private async Task<IReadOnlyList<JobSummary>> OldestShardsAsync(JobState state, DateTimeOffset createdBefore, long offset, int count)
    {
        var db = _redis.GetDatabase();
        var reads = await Task.WhenAll(_shardKeys.Select(k => db.SortedSetRangeByScoreWithScoresAsync(
            k.State(state), double.NegativeInfinity, createdBefore.ToUnixTimeMilliseconds(), Exclude.None, Order.Ascending, 0, offset + count)));
        var page = ShardPageMerge.Page(reads, offset, count, descending: false);
        return page.Count == 0 ? [] : await SummariesAsync(db, page);
    }

    /// <summary>The summaries of a merged page, in its order: one HMGET per shard it touches; missing rows are left out.</summary>
    private async Task<List<JobSummary>> SummariesAsync(IDatabase db, List<(int Shard, RedisValue Member)> page)
    {
        var byShard = page.Select((p, i) => (p.Shard, p.Member, Index: i)).GroupBy(p => p.Shard).ToList();
        var reads = await Task.WhenAll(byShard.Select(g => db.HashGetAsync(_shardKeys[g.Key].Summaries, [.. g.Select(p => p.Member)])));
        var json = new RedisValue[page.Count];
        for (var g = 0; g < byShard.Count; g++)
        {
            var i = 0;
            foreach (var p in byShard[g])
                json[p.Index] = reads[g][i++];
        }
        var items = new List<JobSummary>(page.Count);
        for (var i = 0; i < page.Count; i++)
        {
            if (!json[i].IsNull && TryDeserialize(page[i].Member.ToString(), json[i]) is { } summary)
                items.Add(summary);
        }
        return items;
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
    /// One script, one round trip. The job is removed from every state set, not only <see cref="JobSummary.State"/>'s,
    /// so a stale summary cannot leave it listed, and the count goes down only for a set that held it, so removing a
    /// job twice cannot count it out twice; queue and labels never change, so the summary names their sets.
    /// </remarks>
    public async Task RemoveAsync(JobSummary job, string? owner = null)
    {
        ArgumentNullException.ThrowIfNull(job);
        var k = _shardKeys[_layout.ShardOf(job.Id)];
        var keys = new List<RedisKey>(5 + k.States.Count + job.Labels.Count) { k.Summaries };
        var args = new List<RedisValue>(2 + k.States.Count) { job.Id, 0 };
        foreach (var (state, key) in k.States)
        {
            keys.Add(key);
            args.Add(state.ToString());
        }
        args[1] = AddCounts(k, keys, job.Queue, owner);
        keys.Add(k.All);
        keys.Add(k.Queue(job.Queue));
        keys.Add(k.Ready(job.Queue));
        foreach (var (key, value) in job.Labels)
            keys.Add(k.Label(key, value));
        await _redis.GetDatabase().ScriptEvaluateAsync(RedisJobIndexScripts.Remove, [.. keys], [.. args]);
    }
}
