using Orleans.Runtime;
using Orleans.Runtime.Messaging;
using Orleans.Persistence.Redis;
using Orleans.Serialization;
using StackExchange.Redis;

namespace JobScheduler.Client.Api.Http;

/// <summary>
/// Recognises failures that mean "the cluster or its storage is briefly unreachable", which callers should retry,
/// as opposed to bugs. Orleans and storage providers often wrap the cause, so the whole inner chain is examined.
/// </summary>
public static class Unavailability
{
    /// <summary>True when <paramref name="exception"/> or any exception inside it is a transient unavailability.</summary>
    public static bool IsTransient(Exception? exception)
    {
        for (var depth = 0; exception is not null && depth < 16; depth++, exception = exception.InnerException)
        {
            if (exception is SiloUnavailableException
                or OrleansMessageRejectionException
                or ConnectionFailedException
                or GatewayTooBusyException
                or ClientNotAvailableException
                or RedisConnectionException
                or RedisStorageException // grain state in Redis could not be read or written; its cause is only in the message
                or TimeoutException) // includes RedisTimeoutException, Orleans' response timeouts and ReplicaAcknowledgementException
                return true;
            if (exception is RedisServerException server && IsFailoverReply(server.Message))
                return true;
            // A grain's exception of a type this process does not load (Orleans' Redis reminder or clustering errors)
            // arrives as a fallback that keeps the type's name.
            if (exception is UnavailableExceptionFallbackException { ExceptionType: { } type } && RedisProviderErrors.Any(e => type.Contains(e, StringComparison.Ordinal)))
                return true;
            if (exception is AggregateException { InnerExceptions: var inner } && inner.Any(IsTransient))
                return true;
        }
        return false;
    }

    // Orleans' Redis providers' own exceptions: the storage, the reminder table and the membership table could not reach Redis.
    private static readonly string[] RedisProviderErrors = ["RedisStorageException", "RedisRemindersException", "RedisClusteringException"];

    /// <summary>
    /// Replies a Redis node gives while a failover runs: a demoted primary refusing writes (<c>READONLY</c>), a node
    /// still loading its data (<c>LOADING</c>), a replica that lost its primary (<c>MASTERDOWN</c>), too few replicas
    /// for <c>min-replicas-to-write</c> (<c>NOREPLICAS</c>), or <c>TRYAGAIN</c>.
    /// </summary>
    private static bool IsFailoverReply(string message) =>
        message.StartsWith("READONLY", StringComparison.Ordinal)
        || message.StartsWith("LOADING", StringComparison.Ordinal)
        || message.StartsWith("MASTERDOWN", StringComparison.Ordinal)
        || message.StartsWith("NOREPLICAS", StringComparison.Ordinal)
        || message.StartsWith("TRYAGAIN", StringComparison.Ordinal);
}
