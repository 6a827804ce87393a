using System.Globalization;
using System.Text;
using StackExchange.Redis;

namespace JobScheduler.Grains.Hosting;

/// <summary>
/// Where the scheduler's own keys live: which shard a job (or any subject id) belongs to, and the key root of each
/// shard. Untagged (one shard on a single Redis): every root is <c>KeyPrefix</c>, today's names. Tagged (more than one
/// shard, or a Redis Cluster): shard n's root is <c>{KeyPrefix:s&lt;n&gt;}</c>, a hash tag, so all of one shard's keys
/// sit in one slot and each script touches one slot.
/// </summary>
public sealed class RedisShardLayout
{
    private readonly string[] _roots;

    /// <summary>A layout of <paramref name="shards"/> shards under <paramref name="prefix"/>.</summary>
    public RedisShardLayout(string prefix, int shards, bool tagged)
    {
        ArgumentException.ThrowIfNullOrEmpty(prefix);
        ArgumentOutOfRangeException.ThrowIfLessThan(shards, 1);
        Tagged = tagged || shards > 1;
        _roots = new string[shards];
        for (var i = 0; i < shards; i++)
            _roots[i] = Tagged ? string.Create(CultureInfo.InvariantCulture, $"{{{prefix}:s{i}}}") : prefix;
    }

    /// <summary>How many shards.</summary>
    public int Count => _roots.Length;

    /// <summary>Whether the roots carry hash tags (more than one shard, or a Redis Cluster).</summary>
    public bool Tagged { get; }

    /// <summary>The root (the key prefix) of shard <paramref name="shard"/>.</summary>
    public string Root(int shard) => _roots[shard];

    /// <summary>
    /// The root of the keys that are not split (one slot on a cluster): shard 0's. Untagged, it is <c>KeyPrefix</c>.
    /// </summary>
    public string SingleSlotRoot => _roots[0];

    /// <summary>The shard of <paramref name="id"/>: <see cref="StableHash"/> mod <see cref="Count"/>; 0 with one shard.</summary>
    public int ShardOf(string id) => _roots.Length == 1 ? 0 : (int)(StableHash(id) % (uint)_roots.Length);

    /// <summary>
    /// FNV-1a (32 bits) of the UTF-8 bytes of <paramref name="id"/>: the same in every process and every .NET version,
    /// unlike <see cref="string.GetHashCode()"/>.
    /// </summary>
    public static uint StableHash(string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        var hash = 2166136261u;
        var max = Encoding.UTF8.GetMaxByteCount(id.Length);
        Span<byte> bytes = max <= 256 ? stackalloc byte[256] : new byte[max];
        bytes = bytes[..Encoding.UTF8.GetBytes(id, bytes)];
        foreach (var b in bytes)
        {
            hash ^= b;
            hash *= 16777619u;
        }
        return hash;
    }

    /// <summary>
    /// The layout for <paramref name="options"/> over <paramref name="redis"/>: tagged when
    /// <see cref="RedisOptions.Shards"/> is above 1 or when the connection is to a Redis Cluster.
    /// </summary>
    public static RedisShardLayout For(IConnectionMultiplexer redis, RedisOptions options)
    {
        ArgumentNullException.ThrowIfNull(redis);
        ArgumentNullException.ThrowIfNull(options);
        return new RedisShardLayout(options.KeyPrefix, Math.Max(1, options.Shards), IsCluster(redis));
    }

    /// <summary>Whether <paramref name="redis"/> is connected to a Redis Cluster (any server reports cluster mode).</summary>
    public static bool IsCluster(IConnectionMultiplexer redis)
    {
        ArgumentNullException.ThrowIfNull(redis);
        return redis.GetServers().Any(s => s.ServerType == ServerType.Cluster);
    }
}
