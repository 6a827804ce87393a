namespace JobScheduler.Client.Api.Ui.Services;

/// <summary>The web UI's settings (<c>Scheduler:Ui</c>).</summary>
public sealed class UiOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Scheduler:Ui";

    /// <summary>
    /// How long a sign-in lasts without use; each request in the second half of the period renews it (sliding expiry).
    /// Default 8 hours; between 1 minute and 30 days.
    /// </summary>
    public TimeSpan SessionLifetime { get; set; } = TimeSpan.FromHours(8);

    /// <summary>
    /// How often an open page re-checks that its key is still valid (the key verifier's cache adds at most
    /// <c>Scheduler:Auth:KeyCacheDuration</c>). Default 5 s; between 1 s and 1 minute.
    /// </summary>
    public TimeSpan RevalidationInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// The API's address as the UI's server side calls it (an absolute http or https URL). Default none: the first
    /// address the server is bound to, with a wildcard bind mapped to 127.0.0.1.
    /// </summary>
    public Uri? ApiBaseAddress { get; set; }

    /// <summary>How often a page without a live event stream refreshes itself. Default 5 s; at least 5 s, at most 5 minutes.</summary>
    public TimeSpan RefreshInterval { get; set; } = TimeSpan.FromSeconds(5);
}
