namespace JobScheduler.Grains.Observability;

/// <summary>
/// What the metrics pipeline leaves out unless <see cref="MetricsOptions.Detailed"/> is on: instruments recorded on every
/// grain call, message or request that nothing shipped reads (deploy/grafana, deploy/prometheus/rules,
/// docs/observability.md). A dropped instrument has no listener, so Orleans and ASP.NET Core skip its recording.
/// </summary>
internal static class HotPathInstruments
{
    /// <summary>
    /// Orleans' instruments recorded per message or per grain call (names as published; <c>*</c> is a wildcard):
    /// message and header sizes, the dispatcher's and the activation queue's per-message counts, local sends, the
    /// gateway's per-message counts, the grain-call latency histogram and the directory's and manifest's per-call lookups.
    /// Kept: the error counters (expired, rejected, rerouted, dropped, failed), pings, activations, storage, reminders,
    /// membership, the gauges.
    /// </summary>
    public static readonly string[] OrleansDropped =
    [
        "orleans-messaging-sent-messages-size",
        "orleans-messaging-received-messages-size",
        "orleans-messaging-sent-header-size",
        "orleans-messaging-received-header-size",
        "orleans-messaging-sent-local",
        "orleans-messaging-processing-*",
        "orleans-gateway-received",
        "orleans-gateway-sent",
        "orleans-app-requests-latency",
        "orleans-directory-lookups-*",
        "orleans-manifest-cache-lookups",
    ];

    /// <summary>
    /// ASP.NET Core's meters that stay without <see cref="MetricsOptions.Detailed"/>: requests (<c>http_server_*</c>, which
    /// the dashboard reads), Kestrel's per-connection instruments (<c>kestrel_*</c>) and unhandled exceptions. Left out:
    /// routing, authentication and authorization (one recording each per request), rate limiting, the memory pool (per
    /// buffer), Blazor and SignalR.
    /// </summary>
    public static readonly string[] AspNetCoreMeters =
    [
        "Microsoft.AspNetCore.Hosting",
        "Microsoft.AspNetCore.Server.Kestrel",
        "Microsoft.AspNetCore.Diagnostics",
    ];

    /// <summary>Every ASP.NET Core meter (<c>Microsoft.AspNetCore.*</c>), for <see cref="MetricsOptions.Detailed"/>.</summary>
    public static readonly string[] AllAspNetCoreMeters = ["Microsoft.AspNetCore.*"];
}
