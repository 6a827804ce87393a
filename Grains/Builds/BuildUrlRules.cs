using System.Net;
using JobScheduler.Grains.Interfaces;
using JobScheduler.Grains.Outbound;

namespace JobScheduler.Grains.Builds;

/// <summary>
/// The outbound guard's static rules applied to a job's build URLs at submission, so that a URL the workers would refuse
/// is a 400 at once and nothing is stored: scheme, credentials, host lists, and a host that is itself an address (an IP
/// literal, or <c>localhost</c>) in a refused range. A name that resolves to a refused address is caught by the guard
/// at connect time, on the worker, before anything is built.
/// </summary>
public static class BuildUrlRules
{
    /// <summary>The problems of <paramref name="build"/>'s URLs, keyed by field path (<c>build.dockerfileUrl</c>).</summary>
    public static IEnumerable<(string Field, string Message)> Problems(BuildSpec build, OutboundOptions options)
    {
        ArgumentNullException.ThrowIfNull(build);
        ArgumentNullException.ThrowIfNull(options);
        if (Refusal(build.DockerfileUrl, options) is { } dockerfile)
            yield return ("build.dockerfileUrl", $"The server does not fetch this URL: {dockerfile}.");
        if (build.ContextUrl is { } contextUrl && Refusal(contextUrl, options) is { } context)
            yield return ("build.contextUrl", $"The server does not fetch this URL: {context}.");
    }

    /// <summary>Why the guard would refuse <paramref name="url"/> whatever its host resolves to, or null.</summary>
    public static string? Refusal(string url, OutboundOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri))
            return "the URL is not absolute";
        if (OutboundHostRules.UrlRefusal(uri, options) is { } refusal)
            return refusal;
        if (IPAddress.TryParse(uri.IdnHost.Trim('[', ']'), out var literal))
            return OutboundHostRules.AddressRefusal(literal, options);
        if (uri.IsLoopback)
            return OutboundHostRules.AddressRefusal(IPAddress.Loopback, options);
        return null;
    }
}
