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
    private readonly RedisKey _events;
    private readonly RedisValue _eventsMaxLength;

    /// <summary>
    /// Creates the index over <paramref name="redis"/> with the keys under <see cref="RedisOptions.KeyPrefix"/>; job events
    /// go to the <see cref="RedisEventLog"/> stream under the same prefix, bounded by <paramref name="events"/> (the
    /// defaults when none).
    /// </summary>
    public RedisJobIndex(IConnectionMultiplexer redis, IOptions<RedisOptions> options, ILogger<RedisJobIndex> logger, IOptions<EventLogOptions>? events = null)
    {
        _redis = redis;
        _keys = new RedisJobIndexKeys(options.Value.KeyPrefix);
        _logger = logger;
        _events = RedisEventLog.KeyFor(options.Value.KeyPrefix);
        _eventsMaxLength = (events?.Value ?? new EventLogOptions()).MaxLength;
    }

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

        if (previousState is null)
        {
            var keys = new List<RedisKey>(8 + job.Labels.Count) { _keys.Summaries, _keys.State(job.State), _keys.Queues, _events };
            var counts = AddCounts(keys, job.Queue, owner);
            keys.Add(_keys.All);
            keys.Add(_keys.Queue(job.Queue));
            foreach (var (key, value) in job.Labels)
                keys.Add(_keys.Label(key, value));
            keys.Add(_keys.Ready(job.Queue));
            await db.ScriptEvaluateAsync(RedisJobIndexScripts.RecordFirst, [.. keys], [id, score, json, job.State.ToString(), job.Queue, counts, eventJson, _eventsMaxLength, readySince]);
        }
        else if (previousState != job.State)
        {
            var keys = new List<RedisKey>(7) { _keys.Summaries, _keys.State(previousState.Value), _keys.State(job.State), _events };
            AddCounts(keys, job.Queue, owner);
            keys.Add(_keys.Ready(job.Queue));
            await db.ScriptEvaluateAsync(RedisJobIndexScripts.RecordTransition, [.. keys], [id, score, json, previousState.Value.ToString(), job.State.ToString(), eventJson, _eventsMaxLength, readySince]);
        }
        else
        {
            // No set and no count changes: the summary alone, one command and atomic by itself.
            await db.HashSetAsync(_keys.Summaries, id, json);
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
        var filters = FilterKeys(query);
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
    public Task RecordQueueAsync(string queue) => _redis.GetDatabase().SetAddAsync(_keys.Queues, queue);

    /// <inheritdoc />
    public async Task<IReadOnlyList<string>> QueuesAsync()
    {
        var names = await _redis.GetDatabase().SetMembersAsync(_keys.Queues);
        return [.. names.Select(n => n.ToString()).Order(StringComparer.Ordinal)];
    }

    /// <inheritdoc />
    /// <remarks>
    /// One HGETALL of the queue's counts hash, which the writing scripts keep equal to the state sets: O(states),
    /// however many jobs the queue holds. A field that names no state is ignored; a negative one reads as zero.
    /// </remarks>
    public Task<IReadOnlyDictionary<JobState, long>> CountByStateAsync(string queue) => CountsAsync(_keys.Counts(queue));

    /// <inheritdoc />
    /// <remarks>One ZRANGE 0 0 WITHSCORES of the queue's ready set, which the writing scripts keep with the transitions.</remarks>
    public async Task<DateTimeOffset?> OldestReadySinceAsync(string queue)
    {
        var oldest = await _redis.GetDatabase().SortedSetRangeByRankWithScoresAsync(_keys.Ready(queue), 0, 0);
        return oldest.Length == 0 ? null : DateTimeOffset.FromUnixTimeMilliseconds((long)oldest[0].Score);
    }

    /// <inheritdoc />
    /// <remarks>One HGETALL of the owner's counts hash, kept by the same scripts as the queues' counts.</remarks>
    public Task<IReadOnlyDictionary<JobState, long>> CountByOwnerAsync(string owner) => CountsAsync(_keys.OwnerCounts(owner));

    /// <summary>Adds the counts hashes a job moves (its queue's, its owner's if any); returns how many.</summary>
    private int AddCounts(List<RedisKey> keys, string queue, string? owner)
    {
        keys.Add(_keys.Counts(queue));
        if (owner is null)
            return 1;
        keys.Add(_keys.OwnerCounts(owner));
        return 2;
    }

    private async Task<IReadOnlyDictionary<JobState, long>> CountsAsync(RedisKey countsKey)
    {
        var fields = (await _redis.GetDatabase().HashGetAllAsync(countsKey))
            .ToDictionary(f => f.Name.ToString(), f => f.Value, StringComparer.Ordinal);
        return Enum.GetValues<JobState>().ToDictionary(
            s => s,
            s => fields.TryGetValue(s.ToString(), out var value) && value.TryParse(out long count) ? Math.Max(0, count) : 0L);
    }

    /// <inheritdoc />
    /// <remarks>
    /// Two round trips: ZRANGEBYSCORE of the state's set (scored by creation time) with LIMIT, then HMGET of the
    /// summaries. A job whose summary is gone (removed between the two) is left out.
    /// </remarks>
    public async Task<IReadOnlyList<JobSummary>> OldestAsync(JobState state, DateTimeOffset createdBefore, long offset, int count)
    {
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
        var keys = new List<RedisKey>(5 + _keys.States.Count + job.Labels.Count) { _keys.Summaries };
        var args = new List<RedisValue>(2 + _keys.States.Count) { job.Id, 0 };
        foreach (var (state, key) in _keys.States)
        {
            keys.Add(key);
            args.Add(state.ToString());
        }
        args[1] = AddCounts(keys, job.Queue, owner);
        keys.Add(_keys.All);
        keys.Add(_keys.Queue(job.Queue));
        keys.Add(_keys.Ready(job.Queue));
        foreach (var (key, value) in job.Labels)
            keys.Add(_keys.Label(key, value));
        await _redis.GetDatabase().ScriptEvaluateAsync(RedisJobIndexScripts.Remove, [.. keys], [.. args]);
    }
}
