namespace JobScheduler.Grains.Outbound;

/// <summary>The answer to an <see cref="OutboundRequest"/>: any status the server gave, with its body (at most <see cref="OutboundOptions.MaxResponseBytes"/>).</summary>
/// <param name="StatusCode">The HTTP status of the last response (after redirects).</param>
/// <param name="Url">The URL that answered (the last redirect target).</param>
/// <param name="Body">The response body; never put into an error message.</param>
public sealed record OutboundResponse(int StatusCode, Uri Url, byte[] Body)
{
    /// <summary>The response's <c>ETag</c> validator, if it had one (for a later conditional request).</summary>
    public string? ETag { get; init; }

    /// <summary>The response's <c>Last-Modified</c> time, if it had one (for a later conditional request).</summary>
    public DateTimeOffset? LastModified { get; init; }

    /// <summary>Whether the status is 2xx.</summary>
    public bool IsSuccess => StatusCode is >= 200 and < 300;
}
