using System.Net;
using JobScheduler.Grains.Interfaces;
using JobScheduler.Grains.Outbound;

namespace JobScheduler.Grains.Webhooks;

/// <summary>
/// The outbound guard's static rules applied to a job's <see cref="JobSpec.Notify"/> URLs when it is submitted: scheme,
/// host allow- and deny-lists, and an address written into the URL (<c>http://169.254.169.254/</c>). Names are resolved
/// and their addresses checked again at every connection, where DNS rebinding is caught.
/// </summary>
public static class JobNotifyRules
{
    /// <summary>Why the server would not post to each refused notify URL, keyed <c>notify[i].url</c>.</summary>
    public static IEnumerable<(string Field, string Message)> Refusals(JobSpec spec, OutboundOptions options)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(options);
        for (var i = 0; i < spec.Notify.Count; i++)
        {
            if (!Uri.TryCreate(spec.Notify[i].Url, UriKind.Absolute, out var url))
                continue; // the spec's own validation names it
            var refusal = OutboundHostRules.UrlRefusal(url, options)
                ?? (IPAddress.TryParse(url.IdnHost.Trim('[', ']'), out var address) ? OutboundHostRules.AddressRefusal(address, options) : null);
            if (refusal is not null)
                yield return ($"notify[{i}].url", $"The server does not post to this URL: {refusal}.");
        }
    }
}
