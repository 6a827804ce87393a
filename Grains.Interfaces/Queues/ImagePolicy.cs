namespace JobScheduler.Grains.Interfaces;

/// <summary>
/// Which images a queue's jobs may run. The server has its own (<c>Scheduler:Images</c>); an image must pass both, so
/// a queue's policy can only narrow the server's.
/// </summary>
[GenerateSerializer, Alias("JobScheduler.ImagePolicy")]
public sealed record ImagePolicy
{
    /// <summary>Most patterns in <see cref="Allowed"/>.</summary>
    public const int MaxPatterns = 64;

    /// <summary>Longest pattern.</summary>
    public const int MaxPatternLength = 255;

    [Id(0)] private readonly string[] _allowed = [];

    /// <summary>
    /// Glob patterns over the image's full name without tag or digest, as <see cref="ImageName.Repository"/> spells
    /// it (<c>docker.io/library/busybox</c>, <c>registry.example.com:5000/team/app</c>): <c>*</c> matches within one
    /// path segment, <c>**</c> across segments (<c>docker.io/library/*</c>, <c>registry.example.com/team/**</c>).
    /// An image must match one of them; empty (the default) allows every image.
    /// </summary>
    public IReadOnlyList<string> Allowed
    {
        get => _allowed;
        init => _allowed = value?.ToArray() ?? [];
    }

    /// <summary>Whether images must be pinned by digest (<c>name@sha256:...</c>); false by default.</summary>
    [Id(1)] public bool RequireDigest { get; init; }
}
