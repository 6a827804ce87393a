namespace JobScheduler.Grains.Interfaces;

/// <summary>The bounds <see cref="JobSpecValidator"/> enforces on a <see cref="JobSpec"/>. They are documented in the README.</summary>
public static class JobSpecLimits
{
    /// <summary>Longest Dockerfile or context URL.</summary>
    public const int MaxBuildUrlLength = 2048;

    /// <summary>Most build arguments.</summary>
    public const int MaxBuildArgs = 64;

    /// <summary>Most characters across all build argument names and values together.</summary>
    public const int MaxBuildArgChars = 16 * 1024;

    /// <summary>Longest image reference.</summary>
    public const int MaxImageLength = 255;

    /// <summary>Most argv elements.</summary>
    public const int MaxCommandArgs = 256;

    /// <summary>Most characters across all argv elements, env, secret env and labels together.</summary>
    public const int MaxSpecChars = 64 * 1024;

    /// <summary>Most environment variables, and separately most secret environment variables.</summary>
    public const int MaxEnvVars = 128;

    /// <summary>Most labels.</summary>
    public const int MaxLabels = 32;

    /// <summary>Longest label value.</summary>
    public const int MaxLabelValueLength = 255;

    /// <summary>Priorities range from -<see cref="MaxPriority"/> to +<see cref="MaxPriority"/>.</summary>
    public const int MaxPriority = 1000;

    /// <summary>Longest timeout: 7 days.</summary>
    public static readonly TimeSpan MaxTimeout = TimeSpan.FromDays(7);

    /// <summary>Furthest a job may be scheduled ahead: 366 days.</summary>
    public static readonly TimeSpan MaxScheduleAhead = TimeSpan.FromDays(366);

    /// <summary>Fewest CPU cores a job may ask for: 0.01 (smaller quotas would round to no limit at all).</summary>
    public const double MinCpus = 0.01;

    /// <summary>Most CPU cores a job may ask for.</summary>
    public const double MaxCpus = 64;

    /// <summary>Fewest MiB of memory (Docker refuses less than 6 MiB).</summary>
    public const int MinMemoryMb = 6;

    /// <summary>Most MiB of memory a job may ask for: 256 GiB.</summary>
    public const int MaxMemoryMb = 256 * 1024;

    /// <summary>Most processes a job may ask for.</summary>
    public const int MaxPids = 32768;

    /// <summary>Most attempts a retry policy may allow.</summary>
    public const int MaxAttempts = 100;

    /// <summary>Largest <see cref="JobSpec.MaxConcurrent"/> and queue concurrency limit.</summary>
    public const int MaxConcurrency = 100_000;

    /// <summary>Longest delay between two attempts: 1 day.</summary>
    public static readonly TimeSpan MaxBackoff = TimeSpan.FromDays(1);
}
