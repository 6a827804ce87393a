namespace JobScheduler.Tests.Infrastructure;

/// <summary>One non-persistent <see cref="RedisServer"/> shared by the tests of the <c>redis</c> collection.</summary>
/// <remarks>Tests that share it keep apart by using their own key prefix, not by flushing.</remarks>
public sealed class RedisFixture : IAsyncLifetime
{
    /// <summary>The server; tests may stop and start it, and must leave it running.</summary>
    public RedisServer Server { get; } = new();

    /// <summary>The server's connection string.</summary>
    public string ConnectionString => Server.ConnectionString;

    /// <inheritdoc />
    public Task InitializeAsync() => Server.StartAsync();

    /// <inheritdoc />
    public Task DisposeAsync() => Server.DisposeAsync().AsTask();
}
