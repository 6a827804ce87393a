using JobScheduler.Client.Api.Http;
using Orleans.Runtime;
using Orleans.Runtime.Messaging;
using StackExchange.Redis;

namespace JobScheduler.Tests.Api;

public sealed class UnavailabilityTests
{
    public static TheoryData<Exception> Transient => new()
    {
        new SiloUnavailableException(),
        new ConnectionFailedException("gateway closed the connection"),
        new GatewayTooBusyException(),
        new TimeoutException("response did not arrive on time"),
        new RedisConnectionException(ConnectionFailureType.UnableToConnect, "no connection"),
        new OrleansException("storage failed", new RedisConnectionException(ConnectionFailureType.SocketFailure, "reset")),
        new AggregateException(new InvalidOperationException("other"), new SiloUnavailableException()),
    };

    public static TheoryData<Exception> Permanent => new()
    {
        new InvalidOperationException("a bug"),
        new ArgumentException("Could not find an implementation for interface"),
        new OrleansException("not an availability problem"),
    };

    [Theory]
    [MemberData(nameof(Transient))]
    public void IsTransient_UnreachableClusterOrRedis_IsTrue(Exception exception) =>
        Assert.True(Unavailability.IsTransient(exception));

    [Theory]
    [MemberData(nameof(Permanent))]
    public void IsTransient_OtherFailure_IsFalse(Exception exception) =>
        Assert.False(Unavailability.IsTransient(exception));
}
