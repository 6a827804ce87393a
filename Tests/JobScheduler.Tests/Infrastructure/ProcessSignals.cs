using System.Diagnostics;
using System.Runtime.InteropServices;

namespace JobScheduler.Tests.Infrastructure;

/// <summary>POSIX signals for the processes tests start (Redis, Docker engines, silos), and the one graceful-stop routine they share.</summary>
public static class ProcessSignals
{
    /// <summary>SIGTERM: ask to stop.</summary>
    public const int Term = 15;

    /// <summary>SIGKILL: stop at once.</summary>
    public const int Kill = 9;

    /// <summary>Sends <paramref name="signal"/> to process <paramref name="pid"/>; false when it is gone.</summary>
    public static bool Send(int pid, int signal) => SendSignal(pid, signal) == 0;

    /// <summary>SIGTERM, then waits up to <paramref name="timeout"/> for the exit; kills it if it is still running.</summary>
    public static async Task StopAsync(Process process, TimeSpan timeout)
    {
        if (process.HasExited)
            return;
        if (Send(process.Id, Term))
        {
            using var wait = new CancellationTokenSource(timeout);
            try
            {
                await process.WaitForExitAsync(wait.Token);
                return;
            }
            catch (OperationCanceledException)
            {
                // Did not stop in time: fall through to SIGKILL.
            }
        }
        process.Kill(entireProcessTree: true);
        await process.WaitForExitAsync();
    }

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int SendSignal(int pid, int signal);
}
