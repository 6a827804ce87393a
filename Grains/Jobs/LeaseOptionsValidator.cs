using Microsoft.Extensions.Options;

namespace JobScheduler.Grains.Jobs;

/// <summary>Reports every invalid <see cref="LeaseOptions"/> value at once.</summary>
internal sealed class LeaseOptionsValidator : IValidateOptions<LeaseOptions>
{
    public ValidateOptionsResult Validate(string? name, LeaseOptions options)
    {
        var failures = new List<string>();
        if (options.Duration < TimeSpan.FromSeconds(1))
            failures.Add($"{LeaseOptions.SectionName}:Duration must be at least 1 second.");
        if (options.HeartbeatInterval <= TimeSpan.Zero)
            failures.Add($"{LeaseOptions.SectionName}:HeartbeatInterval must be positive.");
        else if (options.HeartbeatInterval > options.Duration / 2)
            failures.Add($"{LeaseOptions.SectionName}:HeartbeatInterval must be at most half of Duration, so one lost heartbeat does not lose the lease.");
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
