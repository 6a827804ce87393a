using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace JobScheduler.Grains.Docker;

/// <summary>The labels every job container carries, so a worker can find its containers again after a restart.</summary>
public static class ContainerLabels
{
    /// <summary>The job id.</summary>
    public const string JobId = "jobscheduler.job-id";

    /// <summary>The attempt number.</summary>
    public const string Attempt = "jobscheduler.attempt";

    /// <summary>The worker (silo) that runs the container.</summary>
    public const string Worker = "jobscheduler.worker";

    /// <summary>The Orleans cluster id of the worker that created the container: a worker only ever adopts or removes its own cluster's.</summary>
    public const string Cluster = "jobscheduler.cluster";

    /// <summary>
    /// Reads the scheduler's labels back; false when one is missing or empty, or the attempt is not a
    /// positive number (someone else's container, or one edited by hand).
    /// </summary>
    internal static bool TryRead(
        IDictionary<string, string>? labels,
        [NotNullWhen(true)] out string? jobId,
        out int attempt,
        [NotNullWhen(true)] out string? worker)
    {
        jobId = null;
        worker = null;
        attempt = 0;
        if (labels is null
            || !labels.TryGetValue(JobId, out var id) || string.IsNullOrWhiteSpace(id)
            || !labels.TryGetValue(Worker, out var by) || string.IsNullOrWhiteSpace(by)
            || !labels.TryGetValue(Attempt, out var number)
            || !int.TryParse(number, NumberStyles.None, CultureInfo.InvariantCulture, out attempt) || attempt < 1)
        {
            attempt = 0;
            return false;
        }

        jobId = id;
        worker = by;
        return true;
    }
}
