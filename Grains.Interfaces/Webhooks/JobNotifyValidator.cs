namespace JobScheduler.Grains.Interfaces;

/// <summary>
/// Checks a job's <see cref="JobSpec.Notify"/> on its own (shape, events, secret form, count); errors are keyed by JSON
/// path (<c>notify[0].url</c>, <c>notify[1].events[0]</c>). Whether the server posts to a URL is the outbound guard's
/// rules, checked by the silo's submission policy.
/// </summary>
public static class JobNotifyValidator
{
    private const int MaxUrlLength = 2048;
    private const int MaxEvents = 16;

    /// <summary>
    /// The answer to <c>notify</c> in a schedule's job template or a workflow step: a template is stored and returned as it
    /// is, so it cannot hold a signing secret, and a secret generated for each fired job would reach no one.
    /// </summary>
    public const string NotInTemplates =
        "notify is accepted only on jobs submitted directly (POST /api/v1/jobs), whose signing secrets are write-only; a template is stored and returned as it is. " +
        "Subscribe the schedule's or workflow's jobs with POST /api/v1/webhooks and scheduleId or workflowId instead.";

    /// <summary>Adds every problem of <paramref name="notify"/> through <paramref name="add"/> (field path, message).</summary>
    public static void Validate(IReadOnlyList<JobNotifyTarget> notify, Action<string, string> add)
    {
        ArgumentNullException.ThrowIfNull(notify);
        ArgumentNullException.ThrowIfNull(add);
        if (notify.Count > JobNotifyTarget.MaxPerJob)
            add("notify", $"At most {JobNotifyTarget.MaxPerJob} notify targets are allowed.");
        for (var i = 0; i < notify.Count; i++)
        {
            var prefix = $"notify[{i}]";
            if (notify[i] is not { } target)
            {
                add(prefix, "A notify target (url, events) cannot be null.");
                continue;
            }
            if (string.IsNullOrWhiteSpace(target.Url) || target.Url.Length > MaxUrlLength
                || !Uri.TryCreate(target.Url, UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttps && url.Scheme != Uri.UriSchemeHttp)
                || !string.IsNullOrEmpty(url.UserInfo))
                add($"{prefix}.url", $"The URL must be an absolute http or https URL of at most {MaxUrlLength} characters, without user information.");
            if (target.Events.Count is 0 or > MaxEvents)
                add($"{prefix}.events", $"Name 1 to {MaxEvents} job states (Succeeded, Failed, DeadLettered, …) or \"*\".");
            for (var e = 0; e < target.Events.Count; e++)
            {
                var name = target.Events[e];
                if (name is null || (name != WebhookEvents.All && (!Enum.TryParse<JobState>(name, ignoreCase: true, out _) || int.TryParse(name, out _))))
                    add($"{prefix}.events[{e}]", $"Not a job state ({string.Join(", ", Enum.GetNames<JobState>())}) or \"*\".");
            }
            // The message never echoes the secret.
            if (target.Secret is { } secret && !IsSecret(secret))
                add($"{prefix}.secret", "A secret is whsec_ and the base64 of 24 to 64 random bytes (the Standard Webhooks form); leave it out to get a generated one.");
        }
    }

    /// <summary>Whether <paramref name="secret"/> has the Standard Webhooks form: <c>whsec_</c> and base64 of 24-64 bytes.</summary>
    public static bool IsSecret(string secret)
    {
        ArgumentNullException.ThrowIfNull(secret);
        const string Prefix = "whsec_";
        if (!secret.StartsWith(Prefix, StringComparison.Ordinal) || secret.Length > 200)
            return false;
        Span<byte> bytes = stackalloc byte[150];
        return Convert.TryFromBase64String(secret[Prefix.Length..], bytes, out var length) && length is >= 24 and <= 64;
    }
}
