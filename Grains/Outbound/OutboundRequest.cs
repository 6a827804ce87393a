namespace JobScheduler.Grains.Outbound;

/// <summary>One request to a user's URL through <see cref="OutboundHttp"/>.</summary>
/// <param name="Method">GET or POST (or any other method).</param>
/// <param name="Url">The URL the user gave.</param>
public sealed record OutboundRequest(HttpMethod Method, Uri Url)
{
    /// <summary>The body, or null for none.</summary>
    public byte[]? Body { get; init; }

    /// <summary>The body's media type (default <c>application/json</c>).</summary>
    public string ContentType { get; init; } = "application/json";

    /// <summary>
    /// The largest body read for this request; null means <see cref="OutboundOptions.MaxResponseBytes"/>. A fetch of a
    /// known kind (a build context) sets its own cap.
    /// </summary>
    public long? MaxResponseBytes { get; init; }

    /// <summary>Request headers (sent again to every redirect target).</summary>
    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();
}
