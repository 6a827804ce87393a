using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;
using StackExchange.Redis;

namespace JobScheduler.Grains.Hosting;

/// <summary>
/// Lets StackExchange.Redis' exceptions cross grain calls as themselves. Orleans serializes only exception types of the
/// <c>Microsoft</c>, <c>System</c> and <c>Azure</c> namespaces by default: a grain whose Redis script met a dropped
/// connection, a timeout or a <c>READONLY</c> reply during a failover (the job index, the deadline set, the event log)
/// would otherwise answer its caller with a serialization failure, which the API cannot tell from a bug (a 500
/// instead of a 503 with <c>Retry-After</c>).
/// </summary>
public static class RedisExceptionSerialization
{
    /// <summary>Adds StackExchange.Redis' namespace to the exception types Orleans serializes. Safe to call twice.</summary>
    public static IServiceCollection AddRedisExceptionSerialization(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        return services.Configure<ExceptionSerializationOptions>(o => o.SupportedNamespacePrefixes.Add(typeof(RedisException).Namespace!));
    }
}
