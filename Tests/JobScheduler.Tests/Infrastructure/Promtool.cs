using System.Diagnostics;

namespace JobScheduler.Tests.Infrastructure;

/// <summary>Runs Debian's <c>promtool</c> (package <c>prometheus</c>, installed by deploy/scripts/prepare-machine.sh).</summary>
public static class Promtool
{
    /// <summary>Runs <c>promtool</c> with <paramref name="arguments"/> in <paramref name="folder"/>; its exit code and output.</summary>
    public static async Task<(int ExitCode, string Output)> RunAsync(string folder, params string[] arguments)
    {
        var start = new ProcessStartInfo("promtool", arguments)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = folder,
        };
        using var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start promtool.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout + await stderr);
    }
}
