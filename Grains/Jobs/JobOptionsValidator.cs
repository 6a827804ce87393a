using Microsoft.Extensions.Options;

namespace JobScheduler.Grains.Jobs;

/// <summary>Reports every invalid <see cref="JobOptions"/> value at once.</summary>
internal sealed class JobOptionsValidator : IValidateOptions<JobOptions>
{
    public ValidateOptionsResult Validate(string? name, JobOptions options)
    {
        var failures = new List<string>();
        if (options.DefaultTimeout <= TimeSpan.Zero)
            failures.Add($"{JobOptions.SectionName}:DefaultTimeout must be positive.");
        if (options.ReminderPeriod < TimeSpan.FromMinutes(1))
            failures.Add($"{JobOptions.SectionName}:ReminderPeriod must be at least 1 minute (Orleans' minimum reminder period).");
        if (options.QueuedRecheck < TimeSpan.FromSeconds(1))
            failures.Add($"{JobOptions.SectionName}:QueuedRecheck must be at least 1 second.");
        if (options.FinishedLinger < TimeSpan.Zero)
            failures.Add($"{JobOptions.SectionName}:FinishedLinger must not be negative.");
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
