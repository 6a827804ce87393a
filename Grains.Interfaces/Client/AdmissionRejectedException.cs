namespace JobScheduler.Grains.Interfaces;

/// <summary>
/// A valid request was refused because a limit is reached (a queue's <c>maxPending</c>, a principal's quota): nothing
/// was stored, and the same request may succeed later. The API answers it with 429 and <c>Retry-After</c>.
/// Grains throw it too, and it reaches the caller with its fields intact.
/// </summary>
[GenerateSerializer, Alias("JobScheduler.AdmissionRejectedException")]
public sealed class AdmissionRejectedException(string limit, string detail, TimeSpan retryAfter) : Exception(detail)
{
    /// <summary>Which limit was reached, e.g. <c>queue.maxPending</c>, <c>principal.maxPendingJobs</c>.</summary>
    [Id(0)] public string Limit { get; } = limit;

    /// <summary>What was reached, for people (names the limit and its value; never another tenant's data).</summary>
    [Id(1)] public string Detail { get; } = detail;

    /// <summary>How long the caller should wait before trying again.</summary>
    [Id(2)] public TimeSpan RetryAfter { get; } = retryAfter;
}
