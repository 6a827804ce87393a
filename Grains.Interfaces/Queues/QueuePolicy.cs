using System.Globalization;

namespace JobScheduler.Grains.Interfaces;

/// <summary>
/// The rules of what a job may ask for beyond its own validity: its queue's network access, maxima and image policy
/// (<see cref="Check"/>), and the same maxima and image rules for the server's limits (<see cref="Maxima"/>,
/// <see cref="Image"/>). Pure: the silo's submission policy fetches the settings and applies these rules to every
/// job, schedule template and workflow step.
/// </summary>
public static class QueuePolicy
{
    /// <summary>The problems with running <paramref name="spec"/> in a queue with <paramref name="settings"/>, keyed by field path.</summary>
    public static IReadOnlyDictionary<string, string[]> Check(JobSpec spec, QueueSettings settings)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(settings);
        var where = $"in queue '{spec.Queue}'";
        var problems = new List<(string Field, string Message)>();
        if (spec.Network == JobNetworks.Bridge && !settings.AllowNetwork)
            problems.Add(("network", $"Queue '{spec.Queue}' does not allow network access; its settings must set allowNetwork (PUT /api/v1/queues/{spec.Queue})."));
        if (settings.Maxima is { } maxima)
            problems.AddRange(Maxima(spec, maxima, where));
        if (settings.ImagePolicy is { } policy && !string.IsNullOrEmpty(spec.Image))
            problems.AddRange(Image(ImageName.Parse(spec.Image), policy, where));
        return ByField(problems);
    }

    /// <summary>
    /// The fields of <paramref name="spec"/> above <paramref name="maxima"/>, each with a message naming the limit and
    /// <paramref name="where"/> it applies (<c>in queue 'reports'</c>, <c>on this server</c>).
    /// </summary>
    public static IEnumerable<(string Field, string Message)> Maxima(JobSpec spec, JobMaxima maxima, string where)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(maxima);
        var resources = spec.Resources;
        if (resources?.Cpus is { } cpus && maxima.Cpus is { } maxCpus && cpus > maxCpus)
            yield return ("resources.cpus", $"At most {maxCpus.ToString(CultureInfo.InvariantCulture)} CPUs {where}.");
        if (resources?.MemoryMb is { } memory && maxima.MemoryMb is { } maxMemory && memory > maxMemory)
            yield return ("resources.memoryMb", $"At most {maxMemory} MiB {where}.");
        if (resources?.Pids is { } pids && maxima.Pids is { } maxPids && pids > maxPids)
            yield return ("resources.pids", $"At most {maxPids} processes {where}.");
        if (spec.Timeout is { } timeout && maxima.Timeout is { } maxTimeout && timeout > maxTimeout)
            yield return ("timeout", $"At most {maxTimeout.ToString("c", CultureInfo.InvariantCulture)} {where}.");
    }

    /// <summary>Why <paramref name="image"/> is refused by <paramref name="policy"/>, keyed <c>image</c>; nothing when it passes.</summary>
    public static IEnumerable<(string Field, string Message)> Image(ImageName image, ImagePolicy policy, string where)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(policy);
        if (policy.Allowed.Count > 0 && !policy.Allowed.Any(p => ImageGlob.IsMatch(p, image.Repository)))
            yield return ("image", $"'{image.Repository}' is not an allowed image {where} (allowed: {string.Join(", ", policy.Allowed)}).");
        if (policy.RequireDigest && image.Digest is null)
            yield return ("image", $"Images must be pinned by digest {where} (e.g. '{image.Repository}@sha256:...').");
    }

    /// <summary>Groups problems by field, keeping every message.</summary>
    public static IReadOnlyDictionary<string, string[]> ByField(IEnumerable<(string Field, string Message)> problems) =>
        problems.GroupBy(p => p.Field, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(p => p.Message).ToArray(), StringComparer.Ordinal);
}
