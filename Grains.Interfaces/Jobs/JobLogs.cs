namespace JobScheduler.Grains.Interfaces;

/// <summary>
/// The captured output of a job's latest attempt: the last <see cref="CapBytes"/> bytes of
/// stdout and of stderr each, decoded as UTF-8.
/// </summary>
[GenerateSerializer, Alias("JobScheduler.JobLogs")]
public sealed record JobLogs
{
    /// <summary>The attempt the output belongs to; 0 when no attempt has started.</summary>
    [Id(0)] public int Attempt { get; init; }

    /// <summary>The tail of standard output.</summary>
    [Id(1)] public string Stdout { get; init; } = "";

    /// <summary>The tail of standard error.</summary>
    [Id(2)] public string Stderr { get; init; } = "";

    /// <summary>True when stdout was longer than the cap and only its tail is kept.</summary>
    [Id(3)] public bool StdoutTruncated { get; init; }

    /// <summary>True when stderr was longer than the cap and only its tail is kept.</summary>
    [Id(4)] public bool StderrTruncated { get; init; }

    /// <summary>Whether the output is final (the attempt ended) or a live snapshot of a running container.</summary>
    [Id(5)] public bool Complete { get; init; }

    /// <summary>The tail of the build phase's output, for a job with <see cref="JobSpec.Build"/>; empty otherwise.</summary>
    [Id(6)] public string Build { get; init; } = "";

    /// <summary>True when the build output was longer than the cap and only its tail is kept.</summary>
    [Id(7)] public bool BuildTruncated { get; init; }

    /// <summary>How many bytes of each stream are kept: 64 KiB.</summary>
    public const int CapBytes = 64 * 1024;
}
