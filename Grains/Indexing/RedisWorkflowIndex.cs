using System.Text.Json;
using JobScheduler.Grains.Hosting;
using JobScheduler.Grains.Interfaces;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace JobScheduler.Grains.Indexing;

/// <summary>
/// The workflow index in Redis (cluster mode). Keys under <c>{KeyPrefix}:workflows:</c>:
/// <list type="bullet">
/// <item><c>summary</c> — one HASH of workflow id → summary JSON (camelCase, enums as strings);</item>
/// <item><c>all</c> and <c>state:{State}</c> — ZSETs of ids scored by <see cref="WorkflowSummary.CreatedAt"/> in unix
/// milliseconds, so a reverse range is newest first;</item>
/// <item><c>queues:{q1,q2,…}</c> and <c>queues:{q1,q2,…}:state:{State}</c> — the same ZSETs per distinct set of queues
/// the steps run in (sorted, comma-joined; queue names hold no comma), and <c>signatures</c>, a SET of those queue sets.</item>
/// </list>
/// </summary>
/// <remarks>
/// Chosen over a catalog grain like the schedules' (one persistent grain holding every id): that grain writes its whole
/// state on every change and serializes every workflow's changes through one activation, which does not scale to
/// 100,000 workflows; here a change is one script of O(log N) commands, and any silo reads a page with two round trips.
/// A tenant's page is the union of the sets of the queue sets it may use (usually one), stored for the query only.
/// </remarks>
public sealed partial class RedisWorkflowIndex : IWorkflowIndex
{
    // Writes the summary, adds the id to all, its queue set's set and its state's sets, removes it from every other
    // state's sets (so a missed earlier record never leaves it in two states). KEYS: summary, all, signatures,
    // queue-set all, then n state sets, then n queue-set state sets. ARGV: id, score, json, signature, n, state (1-based).
    private const string RecordScript = """
        local n = tonumber(ARGV[5])
        local s = tonumber(ARGV[6])
        redis.call('HSET', KEYS[1], ARGV[1], ARGV[3])
        redis.call('ZADD', KEYS[2], ARGV[2], ARGV[1])
        redis.call('SADD', KEYS[3], ARGV[4])
        redis.call('ZADD', KEYS[4], ARGV[2], ARGV[1])
        for i = 1, n do
          if i == s then
            redis.call('ZADD', KEYS[4 + i], ARGV[2], ARGV[1])
            redis.call('ZADD', KEYS[4 + n + i], ARGV[2], ARGV[1])
          else
            redis.call('ZREM', KEYS[4 + i], ARGV[1])
            redis.call('ZREM', KEYS[4 + n + i], ARGV[1])
          end
        end
        return 1
        """;

    private static readonly WorkflowState[] States = Enum.GetValues<WorkflowState>();

    private readonly IConnectionMultiplexer _redis;
    private readonly string _root;
    private readonly ILogger<RedisWorkflowIndex> _logger;

    /// <summary>Creates the index over <paramref name="redis"/> with the keys under <see cref="RedisOptions.KeyPrefix"/>.</summary>
    public RedisWorkflowIndex(IConnectionMultiplexer redis, IOptions<RedisOptions> options, ILogger<RedisWorkflowIndex> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _redis = redis;
        _root = RedisShardLayout.For(redis, options.Value).SingleSlotRoot + ":workflows:";
        _logger = logger;
    }

    private RedisKey Summaries => _root + "summary";

    private RedisKey All => _root + "all";

    private RedisKey Signatures => _root + "signatures";

    private RedisKey State(WorkflowState state) => _root + "state:" + state;

    private RedisKey QueueSet(string signature) => _root + "queues:" + signature;

    private RedisKey QueueSet(string signature, WorkflowState state) => _root + "queues:" + signature + ":state:" + state;

    /// <summary>The sorted, comma-joined distinct queues of a workflow's steps.</summary>
    private static string Signature(IEnumerable<string> queues) =>
        string.Join(',', queues.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal));

    /// <inheritdoc />
    public async Task RecordAsync(WorkflowSummary workflow)
    {
        ArgumentNullException.ThrowIfNull(workflow);
        var signature = Signature(workflow.Queues);
        var keys = new List<RedisKey>(4 + 2 * States.Length) { Summaries, All, Signatures, QueueSet(signature) };
        keys.AddRange(States.Select(State));
        keys.AddRange(States.Select(s => QueueSet(signature, s)));
        RedisValue json = JsonSerializer.SerializeToUtf8Bytes(workflow, WorkflowSummaryJson.Default.WorkflowSummary);
        await _redis.GetDatabase().ScriptEvaluateAsync(RecordScript, [.. keys],
            [workflow.Id, workflow.CreatedAt.ToUnixTimeMilliseconds(), json, signature, States.Length, Array.IndexOf(States, workflow.State) + 1]);
    }

    /// <inheritdoc />
    /// <remarks>
    /// Without a tenant's queues: the total and the page's ids from one set in one batch, then HMGET of the summaries.
    /// With them: SMEMBERS of the queue sets first; then as above when one queue set fits, or a ZUNIONSTORE into a key
    /// that the same MULTI/EXEC reads and deletes when several do.
    /// </remarks>
    public async Task<WorkflowPage> QueryAsync(WorkflowQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var page = Math.Max(1, query.Page);
        var size = Math.Clamp(query.PageSize, 1, WorkflowQuery.MaxPageSize);
        long offset = (long)(page - 1) * size;
        var db = _redis.GetDatabase();

        RedisKey[] sets;
        if (query.Queues is { } queues)
        {
            var allowed = new HashSet<string>(queues, StringComparer.Ordinal);
            var signatures = await db.SetMembersAsync(Signatures);
            sets = [.. signatures.Select(s => s.ToString())
                .Where(s => s.Split(',').All(allowed.Contains))
                .Select(s => query.State is { } state ? QueueSet(s, state) : QueueSet(s))];
        }
        else
        {
            sets = [query.State is { } state ? State(state) : All];
        }
        if (sets.Length == 0)
            return new WorkflowPage { Page = page, PageSize = size };

        var (total, ids) = sets.Length == 1
            ? await SortedSetPages.RangeAsync(db, sets[0], offset, size)
            : await SortedSetPages.CombineAndRangeAsync(db, SetOperation.Union, _root + "tmp:" + Guid.NewGuid().ToString("N"), sets, offset, size);
        if (ids.Length == 0)
            return new WorkflowPage { Page = page, PageSize = size, Total = total };

        var json = await db.HashGetAsync(Summaries, ids);
        var items = new List<WorkflowSummary>(ids.Length);
        for (var i = 0; i < ids.Length; i++)
        {
            if (!json[i].IsNull && TryDeserialize(ids[i].ToString(), json[i]) is { } summary)
                items.Add(summary);
        }
        return new WorkflowPage { Items = items, Page = page, PageSize = size, Total = total };
    }

    private WorkflowSummary? TryDeserialize(string workflowId, RedisValue json)
    {
        try
        {
            return JsonSerializer.Deserialize(((ReadOnlyMemory<byte>)json).Span, WorkflowSummaryJson.Default.WorkflowSummary);
        }
        catch (JsonException e)
        {
            // One tampered or outdated row must not take the listing down with it.
            LogUnreadableSummary(_logger, e, workflowId);
            return null;
        }
    }
}
