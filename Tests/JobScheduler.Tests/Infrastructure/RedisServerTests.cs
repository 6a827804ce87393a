using StackExchange.Redis;

namespace JobScheduler.Tests.Infrastructure;

public sealed class RedisServerTests
{
    [Fact]
    public async Task StopThenStart_Persistent_KeepsDataOnTheSamePort()
    {
        await using var server = new RedisServer(persistent: true);
        await server.StartAsync();
        await WriteAsync(server, "kept", "yes");

        await server.StopAsync();
        var stopped = server.IsRunning;
        await server.StartAsync();

        Assert.False(stopped);
        Assert.Equal("yes", await ReadAsync(server, "kept"));
    }

    [Fact]
    public async Task KillThenStart_NotPersistent_StartsEmpty()
    {
        await using var server = new RedisServer();
        await server.StartAsync();
        await WriteAsync(server, "lost", "yes");

        await server.KillAsync();
        await server.StartAsync();

        Assert.Null(await ReadAsync(server, "lost"));
    }

    [Fact]
    public async Task DisposeAsync_RunningServer_StopsItAndDeletesItsDirectory()
    {
        var server = new RedisServer();
        await server.StartAsync();

        await server.DisposeAsync();

        Assert.False(server.IsRunning);
        Assert.False(Directory.Exists(server.Directory));
    }

    private static async Task WriteAsync(RedisServer server, string key, string value)
    {
        await using var connection = await ConnectionMultiplexer.ConnectAsync(server.ConnectionString);
        await connection.GetDatabase().StringSetAsync(key, value);
    }

    private static async Task<string?> ReadAsync(RedisServer server, string key)
    {
        await using var connection = await ConnectionMultiplexer.ConnectAsync(server.ConnectionString);
        return await connection.GetDatabase().StringGetAsync(key);
    }
}
