using Microsoft.Extensions.Options;

namespace JobScheduler.Grains.Webhooks;

/// <summary>Checks <see cref="WebhookOptions"/>, reporting every problem at once.</summary>
public sealed class WebhookOptionsValidator : IValidateOptions<WebhookOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, WebhookOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        const string S = WebhookOptions.SectionName;
        var failures = new List<string>();
        if (options.RetryWindow < TimeSpan.Zero || options.RetryWindow > TimeSpan.FromDays(7))
            failures.Add($"{S}:RetryWindow must be between 0 and 7 days (was {options.RetryWindow}).");
        if (options.InitialRetryDelay < TimeSpan.FromMilliseconds(10) || options.InitialRetryDelay > options.MaxRetryDelay)
            failures.Add($"{S}:InitialRetryDelay must be at least 10 ms and at most MaxRetryDelay (was {options.InitialRetryDelay}).");
        if (options.MaxRetryDelay > TimeSpan.FromDays(1))
            failures.Add($"{S}:MaxRetryDelay must be at most 1 day (was {options.MaxRetryDelay}).");
        if (options.PollInterval < TimeSpan.FromMilliseconds(5) || options.PollInterval > TimeSpan.FromMinutes(1))
            failures.Add($"{S}:PollInterval must be between 5 ms and 1 minute (was {options.PollInterval}).");
        if (options.ClaimAfter < TimeSpan.FromMilliseconds(500) || options.ClaimAfter > TimeSpan.FromHours(1))
            failures.Add($"{S}:ClaimAfter must be between 500 ms and 1 hour (was {options.ClaimAfter}).");
        if (options.Concurrency is < 1 or > 256)
            failures.Add($"{S}:Concurrency must be between 1 and 256 (was {options.Concurrency}).");
        if (options.LogLength is < 10 or > 100_000)
            failures.Add($"{S}:LogLength must be between 10 and 100,000 (was {options.LogLength}).");
        if (options.LogRetention < TimeSpan.FromMinutes(1) || options.LogRetention > TimeSpan.FromDays(90))
            failures.Add($"{S}:LogRetention must be between 1 minute and 90 days (was {options.LogRetention}).");
        if (options.MaxSubscriptions is < 1 or > 100_000)
            failures.Add($"{S}:MaxSubscriptions must be between 1 and 100,000 (was {options.MaxSubscriptions}).");
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
