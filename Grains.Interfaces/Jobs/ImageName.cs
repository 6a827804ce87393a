namespace JobScheduler.Grains.Interfaces;

/// <summary>
/// An image reference split as Docker reads it: <c>busybox:latest</c> is <c>docker.io/library/busybox</c> with tag
/// <c>latest</c>; <c>registry.example.com:5000/team/app@sha256:...</c> names its registry. The first path component
/// is a registry when it holds a '.' or a ':' or is <c>localhost</c>; otherwise the registry is Docker Hub.
/// </summary>
public sealed record ImageName
{
    /// <summary>Docker Hub, the registry of a reference that names none.</summary>
    public const string DockerHub = "docker.io";

    /// <summary>The registry, with its port when the reference gives one (<c>docker.io</c>, <c>127.0.0.1:5000</c>).</summary>
    public required string Registry { get; init; }

    /// <summary>The path within the registry (<c>library/busybox</c>, <c>team/app</c>).</summary>
    public required string Path { get; init; }

    /// <summary>The tag, or null when the reference gives none.</summary>
    public string? Tag { get; init; }

    /// <summary>The digest (<c>sha256:...</c>), or null when the reference gives none.</summary>
    public string? Digest { get; init; }

    /// <summary>The registry's host without its port (<c>127.0.0.1</c>, <c>registry.example.com</c>).</summary>
    public string Host => Registry.LastIndexOf(':') is var colon and > 0 ? Registry[..colon] : Registry;

    /// <summary>True when the reference names no registry of its own, or Docker Hub itself.</summary>
    public bool IsDockerHub => Registry == DockerHub;

    /// <summary>The full name without tag or digest (<c>docker.io/library/busybox</c>), which image policies match.</summary>
    public string Repository => $"{Registry}/{Path}";

    /// <summary>Splits <paramref name="reference"/>, which <see cref="JobSpecValidator"/> has accepted.</summary>
    public static ImageName Parse(string reference)
    {
        ArgumentException.ThrowIfNullOrEmpty(reference);
        string? digest = null;
        var at = reference.IndexOf('@', StringComparison.Ordinal);
        if (at >= 0)
            (reference, digest) = (reference[..at], reference[(at + 1)..]);

        string? tag = null;
        var colon = reference.LastIndexOf(':');
        if (colon > reference.LastIndexOf('/'))
            (reference, tag) = (reference[..colon], reference[(colon + 1)..]);

        var slash = reference.IndexOf('/', StringComparison.Ordinal);
        var first = slash < 0 ? null : reference[..slash];
        var (registry, path) = first is not null && (first.Contains('.') || first.Contains(':') || first == "localhost")
            ? (first, reference[(slash + 1)..])
            : (DockerHub, reference);
        if (registry == "index.docker.io")
            registry = DockerHub;
        if (registry == DockerHub && !path.Contains('/'))
            path = "library/" + path;
        return new ImageName { Registry = registry, Path = path, Tag = tag, Digest = digest };
    }
}
