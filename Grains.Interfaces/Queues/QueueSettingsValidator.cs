namespace JobScheduler.Grains.Interfaces;

/// <summary>Checks <see cref="QueueSettings"/>, keyed by JSON path as <see cref="JobSpecValidator"/> does.</summary>
public static class QueueSettingsValidator
{
    /// <summary>Returns the problems found, keyed by field path; empty when the settings are valid.</summary>
    public static IReadOnlyDictionary<string, string[]> Validate(QueueSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        // The retry and resource rules are the job spec's: check them on a spec that carries only those.
        var carrier = new JobSpec { Image = "settings", Command = ["settings"], Retry = settings.Retry, Resources = settings.Resources };
        var errors = JobSpecValidator.Validate(carrier, DateTimeOffset.UnixEpoch)
            .ToDictionary(e => e.Key, e => e.Value, StringComparer.Ordinal);
        if (settings.ConcurrencyLimit is { } limit && (limit < 1 || limit > JobSpecLimits.MaxConcurrency))
            errors["concurrencyLimit"] = [$"The concurrency limit must be between 1 and {JobSpecLimits.MaxConcurrency}, or absent for none."];
        if (settings.User is { } user && !ContainerUser.IsValid(user))
            errors["user"] = [ContainerUser.Rule];
        return errors;
    }
}
