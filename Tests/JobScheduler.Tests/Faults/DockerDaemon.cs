using System.Diagnostics;
using JobScheduler.Tests.Infrastructure;

namespace JobScheduler.Tests.Faults;

/// <summary>
/// The local <c>dockerd</c> as a process: stopped with SIGTERM and started again exactly as
/// <c>deploy/scripts/start-docker.sh</c> starts it. Only the fault collection, which runs alone, may use this.
/// </summary>
public static class DockerDaemon
{
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(60);
    private static string StartScript => Path.Combine(RepositoryLayout.Root, "deploy", "scripts", "start-docker.sh");

    /// <summary>Stops the running dockerd, waits until it has exited, starts it again and waits until it answers.</summary>
    public static async Task RestartAsync()
    {
        var pid = await FindAsync() ?? throw new InvalidOperationException(
            "No local dockerd process was found to restart; this test needs the engine that deploy/scripts/start-docker.sh starts.");
        using (var term = Process.Start("kill", ["-TERM", pid.ToString()])!)
            await term.WaitForExitAsync();
        await Eventually.Async(() => Task.FromResult(!Directory.Exists($"/proc/{pid}")), StopTimeout, $"dockerd ({pid}) to exit after SIGTERM");
        await StartAsync();
    }

    /// <summary>Makes sure the engine answers (a no-op when it does): the clean-up after <see cref="RestartAsync"/>.</summary>
    public static async Task StartAsync()
    {
        var start = new ProcessStartInfo("bash", [StartScript]) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var script = Process.Start(start)!;
        var output = script.StandardOutput.ReadToEndAsync();
        var errors = script.StandardError.ReadToEndAsync();
        await script.WaitForExitAsync();
        if (script.ExitCode != 0)
            throw new InvalidOperationException($"{StartScript} exited with code {script.ExitCode}:{Environment.NewLine}{await output}{await errors}");
    }

    private static async Task<int?> FindAsync()
    {
        var start = new ProcessStartInfo("pgrep", ["-x", "dockerd"]) { RedirectStandardOutput = true };
        using var pgrep = Process.Start(start)!;
        var output = await pgrep.StandardOutput.ReadToEndAsync();
        await pgrep.WaitForExitAsync();
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(int.Parse).Cast<int?>().FirstOrDefault();
    }
}
