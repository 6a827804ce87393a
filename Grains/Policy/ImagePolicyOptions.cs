using JobScheduler.Grains.Interfaces;

namespace JobScheduler.Grains.Policy;

/// <summary>
/// Which images any job on this server may run (<c>Scheduler:Images</c>); a queue's <see cref="ImagePolicy"/> can only
/// narrow it. A refused image is a 400 at submission naming <c>image</c>.
/// </summary>
public sealed class ImagePolicyOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Scheduler:Images";

    /// <summary>
    /// Glob patterns over the image's full name without tag or digest (<c>docker.io/library/*</c>,
    /// <c>registry.example.com/team/**</c>; see <see cref="ImagePolicy.Allowed"/>). Default: empty, every image.
    /// </summary>
    public List<string> Allowed { get; set; } = [];

    /// <summary>Whether every image must be pinned by digest (<c>@sha256:...</c>). Default: false.</summary>
    public bool RequireDigest { get; set; }

    /// <summary>
    /// Registries that may be on loopback, link-local or private addresses, as <c>host</c> (any port) or
    /// <c>host:port</c> (<c>registry.internal:5000</c>, <c>10.0.0.5</c>). Any other registry whose host is such an
    /// address, is <c>localhost</c>, or resolves to such an address, is refused. Default: empty.
    /// </summary>
    public List<string> AllowedPrivateRegistries { get; set; } = [];

    /// <summary>How long resolving a registry's host name may take before the image is refused. Default: 2 seconds.</summary>
    public TimeSpan ResolveTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>The allow-list and digest rule as the policy rules take them.</summary>
    public ImagePolicy ToPolicy() => new() { Allowed = Allowed, RequireDigest = RequireDigest };
}
