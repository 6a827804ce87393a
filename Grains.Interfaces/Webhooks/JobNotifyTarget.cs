namespace JobScheduler.Grains.Interfaces;

/// <summary>
/// One entry of a job's <see cref="JobSpec.Notify"/>: a URL that gets the job's own events, signed per Standard Webhooks.
/// When the job is accepted it becomes a subscription of its own (id <see cref="SubscriptionId"/>), filtered to the job,
/// delivered like every other subscription, and removed with the job.
/// </summary>
/// <remarks>
/// The secret is write-only, as <see cref="JobSpec.SecretEnv"/> is: give your own (one secret for every job that posts to
/// your receiver, as a GitHub webhook's secret is), or leave it out and read the generated one from the <c>202</c>
/// answer, this once. Records never show it again.
/// </remarks>
[GenerateSerializer, Alias("JobScheduler.JobNotifyTarget")]
public sealed record JobNotifyTarget
{
    /// <summary>The most entries a job's <see cref="JobSpec.Notify"/> may hold.</summary>
    public const int MaxPerJob = 5;

    private const string IdPrefix = "whj_";

    [Id(1)] private readonly string[] _events = [];

    /// <summary>The receiver's URL (https; http only where the server allows it), checked by the outbound guard's rules when the job is submitted.</summary>
    [Id(0)] public string Url { get; init; } = "";

    /// <summary>The job states whose transitions are posted (<c>Succeeded</c>, <c>Failed</c>, <c>DeadLettered</c>, …), or <c>*</c> for every event of the job.</summary>
    public IReadOnlyList<string> Events
    {
        get => _events;
        init => _events = value?.ToArray() ?? [];
    }

    /// <summary>
    /// The signing secret in the Standard Webhooks form (<c>whsec_</c> and base64 of 24-64 bytes). Write-only: on submit,
    /// yours or a generated one; in the submit's answer, the generated one (null when you gave yours); null everywhere else.
    /// </summary>
    [Id(2)] public string? Secret { get; init; }

    /// <summary>The id of the subscription the <paramref name="index"/>-th entry of job <paramref name="jobId"/>'s notify list becomes.</summary>
    public static string SubscriptionId(string jobId, int index) => $"{IdPrefix}{index}_{jobId}";

    /// <summary>Whether <paramref name="subscriptionId"/> names a job's notify entry, and which.</summary>
    public static bool TryParseSubscriptionId(string? subscriptionId, out string jobId, out int index)
    {
        jobId = "";
        index = -1;
        if (subscriptionId is null || subscriptionId.Length < IdPrefix.Length + 3 || !subscriptionId.StartsWith(IdPrefix, StringComparison.Ordinal)
            || subscriptionId[IdPrefix.Length + 1] != '_' || !char.IsAsciiDigit(subscriptionId[IdPrefix.Length]))
            return false;
        var candidate = subscriptionId[(IdPrefix.Length + 2)..];
        if (!JobIds.IsWellFormed(candidate))
            return false;
        (jobId, index) = (candidate, subscriptionId[IdPrefix.Length] - '0');
        return true;
    }
}
