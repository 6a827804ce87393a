using JobScheduler.Grains.Interfaces;
using Microsoft.Extensions.Configuration;

namespace JobScheduler.Grains.Retries;

/// <summary>
/// Resolves a job's effective retry policy: its own, then its queue's settings (<c>PUT /api/v1/queues/{name}</c>),
/// then its queue's configuration (<c>Scheduler:Queues:{name}:Retry</c>), then the server's (<c>Scheduler:Jobs:Retry</c>), then <see cref="RetryPolicy.Defaults"/>.
/// Invalid configured values are refused at start-up with every problem named.
/// </summary>
public sealed class RetryDefaults
{
    /// <summary>Where the server-wide default lives.</summary>
    public const string GlobalSection = "Scheduler:Jobs:Retry";

    /// <summary>Where per-queue sections live.</summary>
    public const string QueuesSection = "Scheduler:Queues";

    private readonly RetryPolicy _global;
    private readonly Dictionary<string, RetryPolicy> _byQueue;

    /// <summary>Reads and validates the configured defaults.</summary>
    public RetryDefaults(IConfiguration configuration)
    {
        _global = Read(configuration.GetSection(GlobalSection), GlobalSection).OrElse(RetryPolicy.Defaults);
        _byQueue = configuration.GetSection(QueuesSection).GetChildren()
            .Where(q => q.GetSection("Retry").Exists())
            .ToDictionary(q => q.Key, q => Read(q.GetSection("Retry"), $"{QueuesSection}:{q.Key}:Retry").OrElse(_global), StringComparer.Ordinal);
    }

    /// <summary>The complete policy that applies to <paramref name="spec"/>, given its queue's settings' policy.</summary>
    public RetryPolicy For(JobSpec spec, RetryPolicy? queueSettings = null)
    {
        var queueDefault = _byQueue.GetValueOrDefault(spec.Queue) ?? _global;
        if (queueSettings is not null)
            queueDefault = queueSettings.OrElse(queueDefault);
        return spec.Retry is { } own ? own.OrElse(queueDefault) : queueDefault;
    }

    private static RetryPolicy Read(IConfigurationSection section, string path)
    {
        var policy = (section.Get<RetryOptions>() ?? new RetryOptions()).ToPolicy();
        var errors = JobSpecValidator.Validate(new JobSpec { Image = "validation", Command = ["validation"], Retry = policy }, DateTimeOffset.UnixEpoch);
        return errors.Count == 0
            ? policy
            : throw new InvalidOperationException($"Invalid retry defaults in {path}: " +
                string.Join("; ", errors.Select(e => $"{e.Key.Replace("retry.", "", StringComparison.Ordinal)}: {string.Join(" ", e.Value)}")));
    }
}
