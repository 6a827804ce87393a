using System.Globalization;

namespace JobScheduler.Grains.Interfaces;

/// <summary>Checks <see cref="QueueSettings"/>, keyed by JSON path as <see cref="JobSpecValidator"/> does.</summary>
public static class QueueSettingsValidator
{
    /// <summary>The largest <see cref="QueueSettings.MaxPending"/>.</summary>
    public const long MaxMaxPending = 1_000_000_000;

    /// <summary>Longest <see cref="QueueSettings.MinCronInterval"/>: 1 day.</summary>
    public static readonly TimeSpan MaxMinCronInterval = TimeSpan.FromDays(1);

    /// <summary>Returns the problems found, keyed by field path; empty when the settings are valid.</summary>
    public static IReadOnlyDictionary<string, string[]> Validate(QueueSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        // The retry and resource rules are the job spec's: check them on a spec that carries only those.
        var carrier = new JobSpec { Image = "settings", Command = ["settings"], Retry = settings.Retry, Resources = settings.Resources };
        var errors = JobSpecValidator.Validate(carrier, DateTimeOffset.UnixEpoch)
            .ToDictionary(e => e.Key, e => e.Value.ToList(), StringComparer.Ordinal);
        void Add(string field, string message)
        {
            if (!errors.TryGetValue(field, out var list))
                errors[field] = list = [];
            list.Add(message);
        }

        if (settings.ConcurrencyLimit is { } limit && (limit < 1 || limit > JobSpecLimits.MaxConcurrency))
            Add("concurrencyLimit", $"The concurrency limit must be between 1 and {JobSpecLimits.MaxConcurrency}, or absent for none.");
        if (settings.User is { } user && !ContainerUser.IsValid(user))
            Add("user", ContainerUser.Rule);
        if (settings.MaxPending is { } maxPending && (maxPending < 1 || maxPending > MaxMaxPending))
            Add("maxPending", $"maxPending must be between 1 and {MaxMaxPending}, or absent for no limit.");
        if (settings.Maxima is { } maxima)
            ValidateMaxima(maxima, settings.Resources, Add);
        if (settings.ImagePolicy is { } policy)
            ValidateImagePolicy(policy, Add);
        if (settings.MinCronInterval is { } interval && (interval <= TimeSpan.Zero || interval > MaxMinCronInterval))
            Add("minCronInterval", $"The minimum cron interval must be positive and at most {MaxMinCronInterval.ToString("c", CultureInfo.InvariantCulture)}, or absent for the server's.");
        return errors.ToDictionary(e => e.Key, e => e.Value.ToArray(), StringComparer.Ordinal);
    }

    private static void ValidateMaxima(JobMaxima maxima, ResourceLimits? defaults, Action<string, string> add)
    {
        // Each maximum must be a value a job could ask for, checked by the job spec's own rules.
        var carrier = new JobSpec
        {
            Image = "settings",
            Command = ["settings"],
            Timeout = maxima.Timeout,
            Resources = new ResourceLimits { Cpus = maxima.Cpus, MemoryMb = maxima.MemoryMb, Pids = maxima.Pids },
        };
        foreach (var (field, messages) in JobSpecValidator.Validate(carrier, DateTimeOffset.UnixEpoch))
        {
            foreach (var message in messages)
                add("maxima." + field.Replace("resources.", "", StringComparison.Ordinal), message);
        }

        // The queue's own defaults must fit under its maxima, or its jobs that leave a value out would exceed them.
        if (defaults is not null)
        {
            foreach (var (field, message) in QueuePolicy.Maxima(new JobSpec { Resources = defaults }, maxima, "in this queue"))
                add(field, $"The queue's default is above its maximum: {message}");
        }
    }

    private static void ValidateImagePolicy(ImagePolicy policy, Action<string, string> add)
    {
        if (policy.Allowed.Count > ImagePolicy.MaxPatterns)
            add("imagePolicy.allowed", $"At most {ImagePolicy.MaxPatterns} patterns are allowed.");
        for (var i = 0; i < policy.Allowed.Count; i++)
        {
            if (!ImageGlob.IsValid(policy.Allowed[i]))
                add($"imagePolicy.allowed[{i}]", $"Patterns are 1-{ImagePolicy.MaxPatternLength} characters: lower-case letters, digits, '.', '_', '-', '/', ':' and '*' (e.g. 'docker.io/library/*', 'registry.example.com/team/**').");
        }
    }
}
