using Orleans.Runtime;
using Orleans.Runtime.Messaging;
using Orleans.Persistence.Redis;
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
                or TimeoutException) // includes RedisTimeoutException and Orleans' response timeouts
                return true;
            if (exception is AggregateException { InnerExceptions: var inner } && inner.Any(IsTransient))
                return true;
        }
        return false;
    }
}
