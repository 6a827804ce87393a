using Docker.DotNet;
using JobScheduler.Tests.Infrastructure;

namespace JobScheduler.Tests.Faults;

/// <summary>
/// What the fault tests share: the Docker engine (checked once; fails, never skips, when it is missing) and a Redis
/// that each test's cluster uses under a key prefix of its own. Tests that take Redis away start their own.
/// </summary>
public sealed class FaultFixture : IAsyncLifetime
{
    private readonly DockerEngineFixture _engine = new();

    /// <summary>The shared Redis.</summary>
    public RedisServer Redis { get; } = new();

    /// <summary>A client for the Docker engine the silos use.</summary>
    public DockerClient Docker => _engine.Client;

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        await _engine.InitializeAsync();
        await Redis.StartAsync();
    }

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        await Redis.DisposeAsync();
        _engine.Dispose();
    }
}
