using System.Diagnostics;
using System.Text.Json;
using JobScheduler.Tests.Infrastructure;

namespace JobScheduler.Tests.Benchmarks;

/// <summary>
/// Keeps the benchmark tool (Tests/Benchmarks) from rotting: CI runs it once with <c>--quick --runs 1</c> and checks
/// that it ends well and prints one JSON line per workload. Its timings are not judged here (a shared 2-core CI
/// machine is too noisy for that); RESULTS.md holds the measured figures.
/// </summary>
[Collection(BenchmarkCollection.Name)]
[Trait("Category", "Benchmark")]
public sealed class BenchmarkToolTests
{
    private static readonly string[] Workloads = ["B1", "B2", "B3", "B4", "B5", "B6", "B7", "B8", "B9", "B10"];

    [Fact]
    public async Task Quick_AllWorkloads_ExitsZeroWithOneJsonLineEach()
    {
        var tool = Path.Combine(RepositoryLayout.Root, "Tests", "Benchmarks", "bin", RepositoryLayout.Configuration, "net10.0", "JobScheduler.Benchmarks.dll");
        Assert.True(File.Exists(tool), $"{tool} is missing: build the solution first (dotnet build Orleans.sln -c {RepositoryLayout.Configuration}).");
        var start = new ProcessStartInfo("dotnet", [tool, "--quick", "--runs", "1"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        // About 3 minutes on an idle 2-core machine before B7 and B8 joined; 6 min 47 s with them beside a full test
        // run. The limit leaves room for a machine shared with other work.
        using var limit = new CancellationTokenSource(TimeSpan.FromMinutes(15));
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            // SIGTERM: the tool stops the processes it started before it exits.
            ProcessSignals.Send(process.Id, ProcessSignals.Term);
            await process.WaitForExitAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(60));
            Assert.Fail($"The benchmark tool ran over 10 minutes.{Environment.NewLine}{await stderr}");
        }

        var output = await stdout;
        var log = await stderr;
        Assert.True(process.ExitCode == 0, $"The benchmark tool exited with {process.ExitCode}.{Environment.NewLine}{output}{Environment.NewLine}{log}");
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(l => l.StartsWith('{'))
            .Select(l => JsonDocument.Parse(l).RootElement)
            .ToArray();
        Assert.Equal(Workloads, lines.Select(l => l.GetProperty("workload").GetString()));
        Assert.All(lines, l => Assert.True(l.TryGetProperty("figures", out var figures) && figures.EnumerateObject().Any(), $"no figures in {l}"));
    }
}
