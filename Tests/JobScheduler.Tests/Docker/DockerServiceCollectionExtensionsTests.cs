using Docker.DotNet;
using JobScheduler.Grains.Docker;
using JobScheduler.Grains.Execution;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace JobScheduler.Tests.Docker;

public sealed class DockerServiceCollectionExtensionsTests
{
    [Fact]
    public void AddDockerContainerRuntime_CalledTwice_RegistersOneRuntimeBoundToConfiguration()
    {
        using var provider = Services(new Dictionary<string, string?>
        {
            ["Scheduler:Containers:DockerEndpoint"] = "unix:///tmp/configured.sock",
            ["Scheduler:Containers:DefaultMemoryMb"] = "128",
        }).AddDockerContainerRuntime().AddDockerContainerRuntime().BuildServiceProvider();

        var runtime = Assert.Single(provider.GetServices<IContainerRuntime>());
        Assert.IsType<DockerContainerRuntime>(runtime);
        Assert.Equal("unix:///tmp/configured.sock", runtime.Endpoint);
        Assert.Equal(128, provider.GetRequiredService<IOptions<ContainerOptions>>().Value.DefaultMemoryMb);
        Assert.Same(provider.GetRequiredService<DockerClient>(), provider.GetRequiredService<IDockerClient>());
    }

    [Fact]
    public void AddDockerContainerRuntime_InvalidConfiguration_FailsWithEveryError()
    {
        using var provider = Services(new Dictionary<string, string?>
        {
            ["Scheduler:Containers:DefaultPids"] = "0",
            ["Scheduler:Containers:LogMaxSize"] = "huge",
        }).AddDockerContainerRuntime().BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<ContainerOptions>>().Value);

        Assert.Equal(2, error.Failures.Count());
    }

    private static ServiceCollection Services(Dictionary<string, string?> settings)
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        services.AddLogging();
        return services;
    }
}
