namespace JobScheduler.Grains.Interfaces;

/// <summary>
/// The stable codes that start <see cref="JobAttempt.FailureReason"/>. A reason is a code,
/// optionally followed by <c>": "</c> and a human-readable detail (e.g. <c>docker-unavailable: unix:///var/run/docker.sock</c>).
/// </summary>
public static class FailureReasons
{
    /// <summary>The container exited with a non-zero code.</summary>
    public const string NonZeroExit = "non-zero-exit";

    /// <summary>The attempt ran longer than the job's timeout and was killed.</summary>
    public const string Timeout = "timeout";

    /// <summary>The kernel killed the container for exceeding its memory limit.</summary>
    public const string OutOfMemory = "oom-killed";

    /// <summary>The Docker engine could not be reached.</summary>
    public const string DockerUnavailable = "docker-unavailable";

    /// <summary>The image is not present and could not be pulled.</summary>
    public const string ImageUnavailable = "image-unavailable";

    /// <summary>The engine refused to create or start the container.</summary>
    public const string ContainerError = "container-error";

    /// <summary>The attempt was cancelled by a user; its container was killed and removed.</summary>
    public const string Cancelled = "cancelled";

    /// <summary>The worker stopped (its silo shut down) while the attempt ran.</summary>
    public const string WorkerStopped = "worker-stopped";

    /// <summary>The worker stopped renewing the attempt's lease (its silo died, froze or was cut off).</summary>
    public const string LeaseLost = "lease-lost";

    /// <summary>The job's secret environment could not be decrypted (its key is not in the key ring this worker reads).</summary>
    public const string SecretsUnavailable = "secrets-unavailable";

    /// <summary>
    /// The job's Dockerfile could not be built (a failing step, a syntax error, a refused base image, the build timeout).
    /// Not retried: the same content fails the same way.
    /// </summary>
    public const string BuildFailed = "build-failed";

    /// <summary>
    /// The job's Dockerfile or build context could not be fetched (refused by the outbound guard, unreachable, an error
    /// status, too large, too slow). Retried by the job's retry policy: the server may answer later.
    /// </summary>
    public const string FetchFailed = "fetch-failed";

    /// <summary>The code of a reason: the part before <c>": "</c>.</summary>
    public static string CodeOf(string reason)
    {
        var colon = reason.IndexOf(": ", StringComparison.Ordinal);
        return colon < 0 ? reason : reason[..colon];
    }

    /// <summary>Builds a reason from a code and an optional detail.</summary>
    public static string With(string code, string? detail) =>
        string.IsNullOrWhiteSpace(detail) ? code : $"{code}: {detail}";
}
