namespace JobScheduler.Grains.Hosting;

/// <summary>
/// Reads Redis's <c>maxmemory_policy</c> from an <c>INFO memory</c> reply. The scheduler keeps jobs, reminders and
/// membership in Redis: a policy that evicts keys under memory pressure would silently lose acknowledged jobs.
/// </summary>
public static class RedisEvictionPolicy
{
    /// <summary>The only safe policy: refuse writes when full, never drop a key.</summary>
    public const string NoEviction = "noeviction";

    /// <summary>The value of <c>maxmemory_policy</c> in <paramref name="info"/>, or null when the reply has none.</summary>
    public static string? Parse(string info)
    {
        ArgumentNullException.ThrowIfNull(info);
        foreach (var line in info.Split('\n'))
        {
            var trimmed = line.TrimEnd('\r');
            if (trimmed.StartsWith("maxmemory_policy:", StringComparison.Ordinal))
                return trimmed["maxmemory_policy:".Length..].Trim();
        }
        return null;
    }

    /// <summary>Whether <paramref name="policy"/> never evicts keys.</summary>
    public static bool IsSafe(string policy) => string.Equals(policy, NoEviction, StringComparison.OrdinalIgnoreCase);
}
