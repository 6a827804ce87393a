using System.Net;

namespace JobScheduler.Grains.Docker;

/// <summary>
/// The fixed words that follow <c>image-unavailable: &lt;image&gt;:</c> in a failure reason. They come from the
/// engine's status code or the kind of failure, never from the text a registry answered.
/// </summary>
internal static class PullFailure
{
    /// <summary>The registry has no such repository or tag.</summary>
    public const string NotFound = "not-found";

    /// <summary>The registry wants credentials, or refused the ones it got.</summary>
    public const string Unauthorized = "unauthorized";

    /// <summary>The pull took longer than <see cref="ContainerOptions.PullTimeout"/>.</summary>
    public const string Timeout = "timeout";

    /// <summary>Any other failure: the registry could not be reached or answered something the engine could not use.</summary>
    public const string Unreachable = "unreachable";

    /// <summary>The engine lacks the image and the pull policy is <see cref="ImagePullPolicy.Never"/>.</summary>
    public const string NotPresent = "not-present";

    /// <summary>The category of a pull the engine refused with <paramref name="status"/>.</summary>
    public static string Categorize(HttpStatusCode status) => status switch
    {
        HttpStatusCode.NotFound => NotFound,
        HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden => Unauthorized,
        _ => Unreachable,
    };
}
