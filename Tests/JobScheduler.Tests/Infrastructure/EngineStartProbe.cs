using System.Diagnostics;
using Docker.DotNet;
using Docker.DotNet.Models;

namespace JobScheduler.Tests.Infrastructure;

/// <summary>
/// How long the local Docker engine itself takes to create and start a container, sampled one container at a time
/// (<c>busybox true</c>, created, started, removed) every <see cref="Pause"/> over a test's window. A test that runs a
/// whole cluster on the machine's few cores sees the engine slow down while processes start; a bound on a job's wait
/// for its container can then allow the engine's measured slowdown on top, and stay the scheduler's bound. One small
/// container every few seconds adds little to the engine's load.
/// </summary>
public sealed class EngineStartProbe : IAsyncDisposable
{
    private static readonly TimeSpan Pause = TimeSpan.FromSeconds(2);
    private readonly DockerClient _docker = new DockerClientConfiguration().CreateClient();
    private readonly CancellationTokenSource _stop = new();
    private readonly List<(DateTimeOffset At, TimeSpan Took)> _samples = [];
    private readonly Task _loop;

    private EngineStartProbe() => _loop = Task.Run(RunAsync);

    /// <summary>Starts sampling.</summary>
    public static EngineStartProbe Start() => new();

    /// <summary>The slowest create+start among the samples that began in [<paramref name="from"/>, <paramref name="to"/>); zero if none.</summary>
    public TimeSpan WorstBetween(DateTimeOffset from, DateTimeOffset to)
    {
        lock (_samples)
            return _samples.Where(s => s.At >= from && s.At < to).Select(s => s.Took).DefaultIfEmpty(TimeSpan.Zero).Max();
    }

    /// <summary>How many samples began in [<paramref name="from"/>, <paramref name="to"/>).</summary>
    public int CountBetween(DateTimeOffset from, DateTimeOffset to)
    {
        lock (_samples)
            return _samples.Count(s => s.At >= from && s.At < to);
    }

    private async Task RunAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            var at = DateTimeOffset.UtcNow;
            var clock = Stopwatch.StartNew();
            string? id = null;
            try
            {
                id = (await _docker.Containers.CreateContainerAsync(new CreateContainerParameters
                {
                    Image = "busybox:latest",
                    Cmd = ["true"],
                    Labels = new Dictionary<string, string> { ["jobscheduler.test"] = "engine-start-probe" },
                }, _stop.Token)).ID;
                await _docker.Containers.StartContainerAsync(id, new ContainerStartParameters(), _stop.Token);
                var took = clock.Elapsed;
                lock (_samples)
                    _samples.Add((at, took));
                await Task.Delay(Pause, _stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            finally
            {
                if (id is not null)
                    await _docker.Containers.RemoveContainerAsync(id, new ContainerRemoveParameters { Force = true }, CancellationToken.None);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        _stop.Dispose();
        _docker.Dispose();
    }
}
