using Microsoft.Extensions.Options;

namespace JobScheduler.Grains.Schedules;

/// <summary>Reports every invalid <see cref="ScheduleOptions"/> value at once.</summary>
internal sealed class ScheduleOptionsValidator : IValidateOptions<ScheduleOptions>
{
    public ValidateOptionsResult Validate(string? name, ScheduleOptions options)
    {
        var failures = new List<string>();
        if (options.MisfireGrace < TimeSpan.FromSeconds(1))
            failures.Add($"{ScheduleOptions.SectionName}:MisfireGrace must be at least 1 second.");
        if (options.ReminderPeriod < TimeSpan.FromMinutes(1))
            failures.Add($"{ScheduleOptions.SectionName}:ReminderPeriod must be at least 1 minute (Orleans' minimum reminder period).");
        if (options.MinCronInterval < TimeSpan.FromSeconds(1) || options.MinCronInterval > TimeSpan.FromDays(1))
            failures.Add($"{ScheduleOptions.SectionName}:MinCronInterval must be between 1 second and 1 day.");
        if (options.WakeRetryDelay <= TimeSpan.Zero || options.WakeRetryDelay > TimeSpan.FromMinutes(10))
            failures.Add($"{ScheduleOptions.SectionName}:WakeRetryDelay must be more than 0 and at most 10 minutes.");
        if (options.WakeAttempts < 1)
            failures.Add($"{ScheduleOptions.SectionName}:WakeAttempts must be at least 1.");
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
