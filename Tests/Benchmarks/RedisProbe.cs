using StackExchange.Redis;

namespace JobScheduler.Benchmarks;

/// <summary>
/// Reads the benchmark's Redis from outside the scheduler: command counts (<c>INFO commandstats</c>), so every run can
/// say how many Redis writes a job cost, and memory (<c>INFO memory</c>) for the pending-job footprint.
/// </summary>
public sealed class RedisProbe(IConnectionMultiplexer redis)
{
    // Commands that change data. Redis counts the commands a script or a transaction runs one by one, so the scripts
    // (EVAL, EVALSHA, FCALL) and EXEC themselves are not counted again: a write is one changed key or field.
    private static readonly HashSet<string> Writes = new(StringComparer.OrdinalIgnoreCase)
    {
        "set", "setex", "psetex", "setnx", "mset", "getset", "del", "unlink", "expire", "pexpire", "persist",
        "hset", "hmset", "hsetnx", "hdel", "hincrby", "incr", "incrby", "decr",
        "zadd", "zrem", "zincrby", "zremrangebyscore", "zremrangebyrank", "zpopmin", "zpopmax",
        "sadd", "srem", "spop", "lpush", "rpush", "lpop", "rpop", "lrem", "ltrim", "xadd",
        "publish",
    };

    // Commands the tool itself causes: this probe's INFO. The queue counts it polls for completion
    // (GET /api/v1/queues/{name}) cost one HGETALL a look, four a second, and stay in: a few hundred in a run.
    private static readonly HashSet<string> ToolsOwn = new(StringComparer.OrdinalIgnoreCase) { "info" };

    /// <summary>A snapshot of every command's call count.</summary>
    public async Task<IReadOnlyDictionary<string, long>> CommandCallsAsync()
    {
        var server = redis.GetServers()[0];
        var info = await server.InfoAsync("commandstats");
        var calls = new Dictionary<string, long>(StringComparer.OrdinalIgnoreCase);
        foreach (var (key, value) in info.SelectMany(g => g))
        {
            // cmdstat_hset: calls=12,usec=34,...
            if (!key.StartsWith("cmdstat_", StringComparison.Ordinal))
                continue;
            var field = value.Split(',').FirstOrDefault(p => p.StartsWith("calls=", StringComparison.Ordinal));
            if (field is not null && long.TryParse(field["calls=".Length..], out var n))
                calls[key["cmdstat_".Length..].Replace('|', ' ')] = n;
        }
        return calls;
    }

    /// <summary>Writes and all commands between two snapshots.</summary>
    public static (long Writes, long Commands, IReadOnlyDictionary<string, long> ByCommand) Delta(
        IReadOnlyDictionary<string, long> before, IReadOnlyDictionary<string, long> after)
    {
        var byCommand = after.ToDictionary(p => p.Key, p => p.Value - before.GetValueOrDefault(p.Key), StringComparer.OrdinalIgnoreCase);
        var writes = byCommand.Where(p => Writes.Contains(p.Key)).Sum(p => p.Value);
        var commands = byCommand.Where(p => !ToolsOwn.Contains(p.Key)).Sum(p => p.Value);
        return (writes, commands, byCommand);
    }

    /// <summary>Bytes Redis uses for data (<c>used_memory</c>).</summary>
    public async Task<long> UsedMemoryAsync()
    {
        var info = await redis.GetServers()[0].InfoAsync("memory");
        var value = info.SelectMany(g => g).First(p => p.Key == "used_memory").Value;
        return long.Parse(value);
    }

    /// <summary>The Redis server's process id, for its CPU time.</summary>
    public async Task<int> ProcessIdAsync()
    {
        var info = await redis.GetServers()[0].InfoAsync("server");
        return int.Parse(info.SelectMany(g => g).First(p => p.Key == "process_id").Value);
    }

    /// <summary>The slow log's newest entries, as one line each, for profiling notes.</summary>
    public async Task<IReadOnlyList<string>> SlowLogAsync(int count)
    {
        var entries = await redis.GetServers()[0].SlowlogGetAsync(count);
        return [.. entries.Select(e => $"{e.Duration.TotalMilliseconds:0.0} ms {string.Join(' ', e.Arguments.Take(3))}")];
    }
}
