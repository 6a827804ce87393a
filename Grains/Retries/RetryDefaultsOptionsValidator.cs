using JobScheduler.Grains.Interfaces;
using Microsoft.Extensions.Options;

namespace JobScheduler.Grains.Retries;

/// <summary>
/// Reports every invalid <see cref="RetryDefaultsOptions"/> value at once, each with its configuration key
/// (<c>Scheduler:Queues:reports:Retry:MaxAttempts</c>), by the rules a job's own <c>retry</c> is checked with.
/// </summary>
public sealed class RetryDefaultsOptionsValidator : IValidateOptions<RetryDefaultsOptions>
{
    private const string JsonPrefix = "retry.";

    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, RetryDefaultsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        Check(options.Jobs?.Retry, RetryDefaultsOptions.ServerPath, failures);
        foreach (var (queue, scope) in options.Queues.OrderBy(q => q.Key, StringComparer.Ordinal))
            Check(scope?.Retry, RetryDefaultsOptions.QueuePath(queue), failures);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void Check(RetryOptions? retry, string path, List<string> failures)
    {
        if (retry is null)
            return;
        // The same rules as a submitted job's retry: a default no job could ask for is refused.
        var spec = new JobSpec { Image = "validation", Command = ["validation"], Retry = retry.ToPolicy() };
        foreach (var (field, messages) in JobSpecValidator.Validate(spec, DateTimeOffset.UnixEpoch))
        {
            foreach (var message in messages)
                failures.Add($"{path}:{ConfigurationKey(field)}: {message}");
        }
    }

    // retry.nonRetryableExitCodes[2] -> NonRetryableExitCodes:2, the key that sets it.
    private static string ConfigurationKey(string field)
    {
        var key = field.StartsWith(JsonPrefix, StringComparison.Ordinal) ? field[JsonPrefix.Length..] : field;
        key = key.Replace("[", ":", StringComparison.Ordinal).Replace("]", "", StringComparison.Ordinal);
        return key.Length == 0 ? key : char.ToUpperInvariant(key[0]) + key[1..];
    }
}
