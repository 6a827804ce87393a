using Microsoft.Extensions.Options;

namespace JobScheduler.Grains.Policy;

/// <summary>Reports every invalid <see cref="JobQuotaOptions"/> value at once.</summary>
internal sealed class JobQuotaOptionsValidator : IValidateOptions<JobQuotaOptions>
{
    public ValidateOptionsResult Validate(string? name, JobQuotaOptions options)
    {
        const string Section = JobQuotaOptions.SectionName;
        var failures = new List<string>();
        if (options.MaxPendingJobsPerPrincipal < 0)
            failures.Add($"{Section}:MaxPendingJobsPerPrincipal must be 0 (no quota) or positive.");
        if (options.MaxRunningJobsPerPrincipal < 0)
            failures.Add($"{Section}:MaxRunningJobsPerPrincipal must be 0 (no quota) or positive.");
        if (options.RetryAfter < TimeSpan.FromSeconds(1) || options.RetryAfter > TimeSpan.FromHours(1))
            failures.Add($"{Section}:RetryAfter must be between 00:00:01 and 01:00:00.");
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
