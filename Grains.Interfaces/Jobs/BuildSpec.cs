namespace JobScheduler.Grains.Interfaces;

/// <summary>
/// An image to build instead of naming one (<see cref="JobSpec.Build"/>): the worker that claims the job fetches the
/// Dockerfile (and the context) through the outbound-HTTP guard, builds it on its engine with no network, and runs the
/// job from the result. The built image is tagged by the content hash of everything below and reused by later jobs with
/// the same content on the same engine.
/// </summary>
[GenerateSerializer, Alias("JobScheduler.BuildSpec")]
public sealed record BuildSpec
{
    [Id(2)] private readonly Dictionary<string, string> _buildArgs = new(StringComparer.Ordinal);

    /// <summary>Where the Dockerfile is: an absolute <c>https</c> URL (<c>http</c> only where the server allows it). Required.</summary>
    [Id(0)] public string DockerfileUrl { get; init; } = "";

    /// <summary>
    /// Where the build context is: a tar archive, gzip-compressed or not, whose files the Dockerfile's <c>COPY</c> and
    /// <c>ADD</c> steps read. Absent means an empty context (the Dockerfile alone).
    /// </summary>
    [Id(1)] public string? ContextUrl { get; init; }

    /// <summary>Values for the Dockerfile's <c>ARG</c>s (<c>--build-arg</c>); they take part in the image's content hash.</summary>
    public IReadOnlyDictionary<string, string> BuildArgs
    {
        get => _buildArgs;
        init => _buildArgs = value is null ? new(StringComparer.Ordinal) : new(value, StringComparer.Ordinal);
    }

    /// <summary>The stage of a multi-stage Dockerfile to build (<c>--target</c>); absent means the last one.</summary>
    [Id(3)] public string? Target { get; init; }
}
