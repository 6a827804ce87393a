using JobScheduler.Grains.Docker;
using JobScheduler.Grains.Execution;
using JobScheduler.Grains.Interfaces;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace JobScheduler.Tests.Benchmarks;

/// <summary>The benchmark's simulated runtime: never the default, chosen only by a host's configuration.</summary>
public sealed class SimulatedContainerRuntimeTests
{
    [Fact]
    public void AddContainerRuntime_NoConfiguration_IsDocker()
    {
        using var provider = Services([]).AddContainerRuntime().AddContainerRuntime().BuildServiceProvider();

        var runtime = Assert.Single(provider.GetServices<IContainerRuntime>());
        Assert.IsType<DockerContainerRuntime>(runtime);
        Assert.Equal(ContainerRuntimeKind.Docker, provider.GetRequiredService<IOptions<ContainerOptions>>().Value.Runtime);
    }

    [Fact]
    public void AddContainerRuntime_RuntimeSimulated_IsSimulatedAndKeepsTheDockerSettings()
    {
        using var provider = Services(new()
        {
            ["Scheduler:Containers:Runtime"] = "Simulated",
            ["Scheduler:Containers:DefaultMemoryMb"] = "128",
        }).AddContainerRuntime().BuildServiceProvider();

        Assert.IsType<SimulatedContainerRuntime>(Assert.Single(provider.GetServices<IContainerRuntime>()));
        Assert.Equal(128, provider.GetRequiredService<IOptions<ContainerOptions>>().Value.DefaultMemoryMb);
    }

    [Fact]
    public void AddContainerRuntime_UnknownRuntimeOrNegativeRunTime_FailsWithEveryError()
    {
        using var provider = Services(new()
        {
            ["Scheduler:Containers:Runtime"] = "7",
            ["Scheduler:Containers:SimulatedRunTime"] = "-00:00:01",
        }).AddContainerRuntime().BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<ContainerOptions>>().Value);

        Assert.Equal(2, error.Failures.Count());
    }

    [Fact]
    public void AddContainerRuntime_CalledTwice_BindsSchedulerContainersToOneValidatedClass()
    {
        var services = Services([]).AddContainerRuntime().AddContainerRuntime();

        // The scheduler's own options (the framework's metrics registration brings its own).
        var validators = services.Where(d => d.ServiceType.IsGenericType && d.ServiceType.GetGenericTypeDefinition() == typeof(IValidateOptions<>)
            && d.ServiceType.GetGenericArguments()[0].Namespace!.StartsWith("JobScheduler.", StringComparison.Ordinal)).ToList();
        Assert.Equal(typeof(IValidateOptions<ContainerOptions>), Assert.Single(validators).ServiceType);
    }

    [Fact]
    public void JobSpec_HasNoFieldThatNamesARuntime()
    {
        // The runtime is a host's choice: a job that could pick the simulated one could "succeed" without running.
        var names = typeof(JobSpec).GetProperties().Select(p => p.Name);

        Assert.DoesNotContain(names, n => n.Contains("Runtime", StringComparison.OrdinalIgnoreCase) || n.Contains("Simulat", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task RunAsync_NoRunTime_StartsAndSucceedsAtOnce()
    {
        var runtime = Runtime(TimeSpan.Zero);
        string? started = null;

        var result = await runtime.RunAsync(Launch(), (id, _) => { started = id; return Task.CompletedTask; }, CancellationToken.None);

        Assert.True(result.Succeeded);
        Assert.Equal(3, result.Attempt);
        Assert.Equal(started, result.ContainerId);
    }

    [Fact]
    public async Task RunAsync_CancelledWhileRunning_EndsCancelled()
    {
        var runtime = Runtime(TimeSpan.FromMinutes(5));
        using var cancel = new CancellationTokenSource();

        var run = runtime.RunAsync(Launch(), (_, _) => cancel.CancelAsync(), cancel.Token);
        var result = await run.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(FailureReasons.Cancelled, result.FailureReason);
        Assert.False(result.Succeeded);
    }

    [Fact]
    public async Task CountCpus_Simulated_IsThisMachinesProcessors() =>
        Assert.Equal(Environment.ProcessorCount, await Runtime(TimeSpan.Zero).CountCpusAsync(CancellationToken.None));

    private static SimulatedContainerRuntime Runtime(TimeSpan runTime) =>
        new(Options.Create(new ContainerOptions { Runtime = ContainerRuntimeKind.Simulated, SimulatedRunTime = runTime }), TimeProvider.System);

    private static ContainerLaunch Launch() =>
        new("job-1", 3, "127.0.0.1:1@1", new JobSpec { Image = "busybox:latest", Command = ["true"] }, TimeSpan.FromHours(1));

    private static ServiceCollection Services(Dictionary<string, string?> settings)
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        services.AddLogging();
        return services;
    }
}
