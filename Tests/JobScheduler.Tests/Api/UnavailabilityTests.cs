using JobScheduler.Client.Api.Http;
using JobScheduler.Grains.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Runtime;
using Orleans.Serialization;
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

    /// <summary>
    /// What a grain throws reaches the API through Orleans' serializer, configured as the silos and the API configure
    /// it: Redis' own errors, thrown by the scheduler's index, deadline or event scripts in a job grain while Redis
    /// fails over, must arrive as themselves and be recognised (stop 19's CI: one such submission answered 500).
    /// </summary>
    [Theory]
    [MemberData(nameof(RedisFailures))]
    public void IsTransient_RedisFailureAfterCrossingAGrainCall_IsTrue(Exception exception)
    {
        using var services = new ServiceCollection().AddSerializer().AddRedisExceptionSerialization().BuildServiceProvider();
        var serializer = services.GetRequiredService<Serializer>();
        var received = serializer.Deserialize<Exception>(serializer.SerializeToArray(exception))!;
        Assert.Equal(exception.GetType(), received.GetType());
        Assert.Equal(exception.Message, received.Message);
        Assert.True(Unavailability.IsTransient(received));
    }

    public static TheoryData<Exception> RedisFailures => new()
    {
        new RedisConnectionException(ConnectionFailureType.SocketClosed, "SocketClosed on 127.0.0.1:6379/Interactive"),
        new RedisTimeoutException("Timeout performing EVALSHA", CommandStatus.Sent),
        new RedisServerException("READONLY You can't write against a read only replica."),
        new RedisServerException("LOADING Redis is loading the dataset in memory"),
        new OrleansException("storage failed", new RedisConnectionException(ConnectionFailureType.SocketFailure, "reset")),
    };
}
