namespace JobScheduler.Grains.Builds;

/// <summary>
/// How workers build images from Dockerfile URLs (<see cref="JobScheduler.Grains.Interfaces.JobSpec.Build"/>). Bound
/// from <c>Scheduler:Builds</c>; checked by <see cref="BuildOptionsValidator"/>. Fetches also obey the outbound guard
/// (<c>Scheduler:Outbound</c>: schemes, hosts, addresses, redirects, its timeout).
/// </summary>
public sealed class BuildOptions
{
    /// <summary>The configuration section: <c>Scheduler:Builds</c>.</summary>
    public const string SectionName = "Scheduler:Builds";

    /// <summary>Longest one build may take on the engine before it is stopped (<c>build-failed</c>). Default: 10 minutes.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Largest Dockerfile fetched, in bytes. Default: 256 KiB.</summary>
    public long MaxDockerfileBytes { get; set; } = 256 * 1024;

    /// <summary>Largest build context fetched, in bytes (it is held in memory while the build runs). Default: 64 MiB.</summary>
    public long MaxContextBytes { get; set; } = 64L * 1024 * 1024;

    /// <summary>
    /// Most bytes the images this feature built may take on one engine; after each build the least recently used ones
    /// beyond it are removed (never one in use, never an image it did not build). Default: 10 GiB.
    /// </summary>
    public long CacheBudget { get; set; } = 10L * 1024 * 1024 * 1024;

    /// <summary>
    /// The network a build's <c>RUN</c> steps get when the job's queue allows network access (<c>allowNetwork</c>):
    /// <c>default</c> (the engine's default bridge) or <c>host</c>. Without it, builds get <c>none</c>. Default: <c>default</c>.
    /// </summary>
    public string AllowedNetworkMode { get; set; } = "default";

    /// <summary>Most builds one worker runs at once (the others wait their turn). Default: 2.</summary>
    public int MaxConcurrentBuilds { get; set; } = 2;
}
