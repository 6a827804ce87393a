namespace JobScheduler.Client.Api.Security;

/// <summary>The per-principal request rate (<c>Scheduler:Auth:RateLimit</c>): a token bucket per key, token or client address.</summary>
public sealed class RateLimitOptions
{
    /// <summary>Requests per second one principal may make on average; 0 turns the limit off. Default 200.</summary>
    public int PermitsPerSecond { get; set; } = 200;

    /// <summary>The most requests one principal may make in a burst. Default 400.</summary>
    public int Burst { get; set; } = 400;
}
