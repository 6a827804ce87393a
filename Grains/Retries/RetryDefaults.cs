using JobScheduler.Grains.Interfaces;
using Microsoft.Extensions.Options;

namespace JobScheduler.Grains.Retries;

/// <summary>
/// Resolves a job's effective retry policy: its own, then its queue's settings (<c>PUT /api/v1/queues/{name}</c>),
/// then its queue's configuration (<c>Scheduler:Queues:{name}:Retry</c>), then the server's (<c>Scheduler:Jobs:Retry</c>), then <see cref="RetryPolicy.Defaults"/>.
/// The configured levels come from <see cref="RetryDefaultsOptions"/>, validated at start-up.
/// </summary>
public sealed class RetryDefaults
{
    private readonly RetryPolicy _global;
    private readonly Dictionary<string, RetryPolicy> _byQueue;

    /// <summary>Completes the configured defaults once: each queue's over the server's, the server's over the built-in ones.</summary>
    public RetryDefaults(IOptions<RetryDefaultsOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var configured = options.Value;
        _global = Policy(configured.Jobs?.Retry).OrElse(RetryPolicy.Defaults);
        _byQueue = configured.Queues
            .Where(q => q.Value?.Retry is not null)
            .ToDictionary(q => q.Key, q => Policy(q.Value.Retry).OrElse(_global), StringComparer.Ordinal);
    }

    /// <summary>The complete policy that applies to <paramref name="spec"/>, given its queue's settings' policy.</summary>
    public RetryPolicy For(JobSpec spec, RetryPolicy? queueSettings = null)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var queueDefault = _byQueue.GetValueOrDefault(spec.Queue) ?? _global;
        if (queueSettings is not null)
            queueDefault = queueSettings.OrElse(queueDefault);
        return spec.Retry is { } own ? own.OrElse(queueDefault) : queueDefault;
    }

    private static RetryPolicy Policy(RetryOptions? configured) => configured?.ToPolicy() ?? new RetryPolicy();
}
