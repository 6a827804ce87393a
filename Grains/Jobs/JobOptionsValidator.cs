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
        if (options.ReminderHorizon < TimeSpan.FromSeconds(1) || options.ReminderHorizon > TimeSpan.FromDays(3650))
            failures.Add($"{JobOptions.SectionName}:ReminderHorizon must be between 1 second and 3650 days.");
        if (options.QueuedRecheck < TimeSpan.FromSeconds(1))
            failures.Add($"{JobOptions.SectionName}:QueuedRecheck must be at least 1 second.");
        if (options.FinishedLinger < TimeSpan.Zero)
            failures.Add($"{JobOptions.SectionName}:FinishedLinger must not be negative.");
        if (options.Retention < TimeSpan.FromSeconds(1) || options.Retention > TimeSpan.FromDays(3650))
            failures.Add($"{JobOptions.SectionName}:Retention must be between 1 second and 3650 days.");
        if (options.RetentionSweepInterval < TimeSpan.FromMilliseconds(100) || options.RetentionSweepInterval > TimeSpan.FromDays(1))
            failures.Add($"{JobOptions.SectionName}:RetentionSweepInterval must be between 100 ms and 1 day.");
        if (options.RetentionBatchSize is < 1 or > 100_000)
            failures.Add($"{JobOptions.SectionName}:RetentionBatchSize must be between 1 and 100000.");
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
