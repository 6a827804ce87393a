namespace JobScheduler.Grains.Interfaces;

/// <summary>What a queue's settings allow a job to ask for; checked at submission by the client and again by the job grain.</summary>
public static class QueuePolicy
{
    /// <summary>The problems with running <paramref name="spec"/> in a queue with <paramref name="settings"/>, keyed by field path.</summary>
    public static IReadOnlyDictionary<string, string[]> Check(JobSpec spec, QueueSettings settings)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(settings);
        return spec.Network == JobNetworks.Bridge && !settings.AllowNetwork
            ? new Dictionary<string, string[]>(StringComparer.Ordinal)
            {
                ["network"] = [$"Queue '{spec.Queue}' does not allow network access; its settings must set allowNetwork (PUT /api/v1/queues/{spec.Queue})."],
            }
            : new Dictionary<string, string[]>(StringComparer.Ordinal);
    }
}
