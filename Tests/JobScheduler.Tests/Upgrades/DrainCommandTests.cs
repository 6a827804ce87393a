using System.Diagnostics;
using System.Net.Http.Json;
using JobScheduler.Grains.Interfaces;
using JobScheduler.Tests.Faults;
using JobScheduler.Tests.Infrastructure;
using Xunit.Abstractions;

namespace JobScheduler.Tests.Upgrades;

/// <summary>
/// <c>JobScheduler.Silo drain</c> against a real silo process: it waits for the running job and exits 0, the drained
/// silo takes no new work until resumed through the API (the same drain state), a job outliving <c>--timeout</c> gives
/// exit 2, and an unreachable silo exit 1.
/// </summary>
[Collection(FaultCollection.Name)]
[Trait("Category", "Upgrade")]
public sealed class DrainCommandTests(FaultFixture fixture, ITestOutputHelper output)
{
    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Drain_SiloRunningAJob_WaitsForItExitsZeroAndTakesNoNewWorkUntilResumed()
    {
        await using var run = await FaultCluster.StartAsync(fixture, output, silos: 1);
        var silo = run.Cluster.Silos[0];
        var first = await run.SubmitAsync(FaultCluster.Job("sleep", "4"));
        await run.Jobs.WaitUntilAsync(first.Id, j => j.State == JobState.Running && j.CurrentAttempt?.StartedAt is not null, Budget, "to run");

        var (exit, text) = await DrainAsync(silo.BaseAddress, "--timeout", "60");
        Assert.True(exit == 0, $"drain exited {exit}: {text}");
        var afterDrain = await run.Jobs.GetAsync(first.Id);
        Assert.True(afterDrain.State == JobState.Succeeded, $"drain returned while the job was {afterDrain.State}: {text}");

        var waiting = await run.SubmitAsync(FaultCluster.Job("true"));
        await Continually.Async(async () => (await run.Jobs.GetAsync(waiting.Id)).State == JobState.Queued, TimeSpan.FromSeconds(3),
            "a drained silo (the only one) to take no new job");
        var worker = afterDrain.CurrentAttempt!.Worker!;
        using (var listed = await run.Http.GetAsync($"api/v1/workers/{Uri.EscapeDataString(worker)}"))
            Assert.Equal(WorkerState.Draining, (await listed.Content.ReadFromJsonAsync<WorkerStatus>(SchedulerCluster.Json))!.State);
        using (var resumed = await run.Http.PostAsync($"api/v1/workers/{Uri.EscapeDataString(worker)}/resume", null))
            resumed.EnsureSuccessStatusCode();
        Assert.Equal(JobState.Succeeded, (await run.Jobs.WaitForTerminalAsync(waiting.Id, Budget)).State);

        var slow = await run.SubmitAsync(FaultCluster.Job("sleep", "30"));
        await run.Jobs.WaitUntilAsync(slow.Id, j => j.State == JobState.Running && j.CurrentAttempt?.StartedAt is not null, Budget, "to run");
        var (timedOut, timedOutText) = await DrainAsync(silo.BaseAddress, "--timeout", "1");
        Assert.True(timedOut == 2, $"drain with a job outliving --timeout exited {timedOut}: {timedOutText}");
        Assert.Contains(slow.Id, timedOutText, StringComparison.Ordinal);
        await run.Jobs.CancelAsync(slow.Id);

        var (unreachable, unreachableText) = await DrainAsync(new Uri($"http://127.0.0.1:{FreePort.Next()}/"));
        Assert.True(unreachable == 1, $"drain of no silo exited {unreachable}: {unreachableText}");
        Assert.Contains("could not reach the silo", unreachableText, StringComparison.Ordinal);
    }

    /// <summary>Runs <c>dotnet JobScheduler.Silo.dll drain --url …</c>; its exit code and output.</summary>
    private async Task<(int Exit, string Output)> DrainAsync(Uri silo, params string[] options)
    {
        var start = new ProcessStartInfo("dotnet", [RepositoryLayout.SiloAssembly, "drain", "--url", silo.ToString(), .. options])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var limit = new CancellationTokenSource(Budget + TimeSpan.FromSeconds(30));
        await process.WaitForExitAsync(limit.Token);
        var text = await stdout + await stderr;
        output.WriteLine($"drain {string.Join(' ', options)} -> exit {process.ExitCode}: {text}");
        return (process.ExitCode, text);
    }
}
