using System.Diagnostics;
using System.Text;
using JobScheduler.Tests.Infrastructure;
using Xunit.Abstractions;

namespace JobScheduler.Tests.Upgrades;

/// <summary>
/// Runs <c>deploy/scripts/rolling-upgrade.sh</c> over host processes a test started: writes their pid files and the
/// plan (each process started again as the same host, on the same ports), runs the script, and kills the processes it
/// started when disposed. The processes' output goes to a log folder of the test's own.
/// </summary>
public sealed class RollingUpgradeScript : IAsyncDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("jobscheduler-upgrade-").FullName;
    private readonly List<(string Kind, HostProcess Host)> _steps = [];
    private readonly ITestOutputHelper _output;

    /// <param name="output">Where the script's own lines go.</param>
    public RollingUpgradeScript(ITestOutputHelper output) => _output = output;

    /// <summary>Adds a process (running now) to the plan, in order.</summary>
    public RollingUpgradeScript Add(string kind, HostProcess host)
    {
        _steps.Add((kind, host));
        return this;
    }

    /// <summary>Runs the script over the plan with <paramref name="options"/>; fails the test on a non-zero exit.</summary>
    public async Task RunAsync(TimeSpan timeout, params string[] options)
    {
        var plan = new StringBuilder();
        for (var i = 0; i < _steps.Count; i++)
        {
            var (kind, host) = _steps[i];
            var pidFile = PidFile(i);
            await File.WriteAllTextAsync(pidFile, host.ProcessId?.ToString() ?? throw new InvalidOperationException($"step {i} is not running"));
            plan.AppendLine($"{kind} {Name(i)} {host.BaseAddress.ToString().TrimEnd('/')} {pidFile} {StartCommand(host)}");
        }
        var planFile = Path.Combine(_folder, "plan");
        await File.WriteAllTextAsync(planFile, plan.ToString());

        var script = Path.Combine(RepositoryLayout.Root, "deploy", "scripts", "rolling-upgrade.sh");
        var start = new ProcessStartInfo("bash", [script, "--log-dir", Path.Combine(_folder, "logs"), .. options, planFile])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["JOBSCHEDULER_API_KEY"] = TestAuth.AdminKey;
        using var process = Process.Start(start)!;
        var lines = new StringBuilder();
        process.OutputDataReceived += (_, e) => Keep(e.Data, lines);
        process.ErrorDataReceived += (_, e) => Keep(e.Data, lines);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var limit = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: false);
            Assert.Fail($"rolling-upgrade.sh did not finish within {timeout.TotalSeconds:0} s:{Environment.NewLine}{lines}{Environment.NewLine}{LogTails()}");
        }
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"rolling-upgrade.sh exited with {process.ExitCode}:{Environment.NewLine}{lines}{Environment.NewLine}{LogTails()}");
    }

    /// <summary>The tails of the output of the processes the script started, for failure messages.</summary>
    public string LogTails()
    {
        var folder = Path.Combine(_folder, "logs");
        if (!Directory.Exists(folder))
            return "";
        return string.Join(Environment.NewLine, Directory.GetFiles(folder).Order().Select(file =>
            $"--- {Path.GetFileName(file)} (tail) ---{Environment.NewLine}{string.Join(Environment.NewLine, File.ReadLines(file).TakeLast(60))}"));
    }

    /// <summary>Kills the processes the script started (their pids are in the pid files) and removes the folder.</summary>
    public ValueTask DisposeAsync()
    {
        for (var i = 0; i < _steps.Count; i++)
        {
            if (File.Exists(PidFile(i)) && int.TryParse(File.ReadAllText(PidFile(i)).Trim(), out var pid) && pid != _steps[i].Host.ProcessId)
                ProcessSignals.Send(pid, ProcessSignals.Kill);
        }
        Directory.Delete(_folder, recursive: true);
        return ValueTask.CompletedTask;
    }

    private void Keep(string? line, StringBuilder lines)
    {
        if (line is null)
            return;
        lock (lines)
            lines.AppendLine(line);
        _output.WriteLine(line);
    }

    private string PidFile(int step) => Path.Combine(_folder, $"{Name(step)}.pid");

    private static string Name(int step) => $"step-{step + 1}";

    // The same host again, configured as HostProcess starts it; values in test settings hold no spaces or quotes.
    private static string StartCommand(HostProcess host)
    {
        var settings = new Dictionary<string, string>(host.Settings)
        {
            ["Urls"] = host.BaseAddress.ToString().TrimEnd('/'),
            ["DOTNET_ENVIRONMENT"] = "Production",
            ["Logging__Console__FormatterName"] = "simple",
        };
        foreach (var (key, value) in TestAuth.EnvironmentVariables)
            settings.TryAdd(key, value);
        return $"env {string.Join(' ', settings.Select(s => $"{s.Key}={s.Value}"))} dotnet {host.Assembly}";
    }
}
