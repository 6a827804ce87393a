using Microsoft.Extensions.Options;

namespace JobScheduler.Grains.Workers;

/// <summary>Reports every invalid <see cref="WorkerOptions"/> value at once.</summary>
internal sealed class WorkerOptionsValidator : IValidateOptions<WorkerOptions>
{
    public ValidateOptionsResult Validate(string? name, WorkerOptions options)
    {
        var failures = new List<string>();
        if (options.Slots is < 0 or > 1024)
            failures.Add($"{WorkerOptions.SectionName}:Slots must be between 0 (run nothing) and 1024, or left out for automatic slots (SlotsPerEngineCpu x the engine's CPUs).");
        if (options.SlotsPerEngineCpu is < 1 or > 64)
            failures.Add($"{WorkerOptions.SectionName}:SlotsPerEngineCpu must be between 1 and 64.");
        if (options.PollInterval < TimeSpan.FromMilliseconds(10) || options.PollInterval > TimeSpan.FromMinutes(1))
            failures.Add($"{WorkerOptions.SectionName}:PollInterval must be between 10 ms and 1 minute.");
        if (options.ReportRetryLimit <= TimeSpan.Zero)
            failures.Add($"{WorkerOptions.SectionName}:ReportRetryLimit must be positive.");
        if (options.OrphanSweepInterval < TimeSpan.FromSeconds(1))
            failures.Add($"{WorkerOptions.SectionName}:OrphanSweepInterval must be at least 1 second.");
        if (options.LogFollowBuffer is < 1 or > 1_000_000)
            failures.Add($"{WorkerOptions.SectionName}:LogFollowBuffer must be between 1 and 1000000 lines.");
        if (options.DrainTimeout < TimeSpan.Zero || options.DrainTimeout > TimeSpan.FromHours(24))
            failures.Add($"{WorkerOptions.SectionName}:DrainTimeout must be between 0 (kill at once) and 24 hours.");
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
