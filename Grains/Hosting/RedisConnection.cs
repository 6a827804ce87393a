using StackExchange.Redis;

namespace JobScheduler.Grains.Hosting;

/// <summary>The one way the hosts turn a connection string into Redis client options.</summary>
public static class RedisConnection
{
    /// <summary>
    /// Parses <paramref name="connectionString"/> with <c>AbortOnConnectFail</c> off, so a process started while
    /// Redis is briefly down keeps retrying in the background instead of crashing; calls fail fast meanwhile.
    /// </summary>
    public static ConfigurationOptions Options(string connectionString)
    {
        var options = ConfigurationOptions.Parse(connectionString);
        options.AbortOnConnectFail = false;
        return options;
    }
}
