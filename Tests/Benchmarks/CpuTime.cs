using System.Diagnostics;

namespace JobScheduler.Benchmarks;

/// <summary>
/// CPU time a process has used so far (user + system), read from the OS: the cheapest profile there is, and on a
/// 2-core machine the one that says which process (API, silo, Redis) a workload is waiting for.
/// </summary>
public static class CpuTime
{
    /// <summary>Total processor time of <paramref name="pid"/>, or NaN when it is gone.</summary>
    public static double Milliseconds(int? pid)
    {
        if (pid is not { } id)
            return double.NaN;
        try
        {
            using var process = Process.GetProcessById(id);
            return process.TotalProcessorTime.TotalMilliseconds;
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException)
        {
            return double.NaN;
        }
    }
}
