using System.Globalization;
using JobScheduler.Grains.Interfaces;
using Microsoft.Extensions.Options;

namespace JobScheduler.Grains.Policy;

/// <summary>Reports every invalid <see cref="SubmissionLimitsOptions"/> value at once.</summary>
internal sealed class SubmissionLimitsOptionsValidator : IValidateOptions<SubmissionLimitsOptions>
{
    public ValidateOptionsResult Validate(string? name, SubmissionLimitsOptions options)
    {
        const string Section = SubmissionLimitsOptions.SectionName;
        var failures = new List<string>();
        if (double.IsNaN(options.MaxCpus) || options.MaxCpus < JobSpecLimits.MinCpus || options.MaxCpus > JobSpecLimits.MaxCpus)
            failures.Add($"{Section}:MaxCpus must be between {JobSpecLimits.MinCpus.ToString(CultureInfo.InvariantCulture)} and {JobSpecLimits.MaxCpus}.");
        if (options.MaxMemoryMb < JobSpecLimits.MinMemoryMb || options.MaxMemoryMb > JobSpecLimits.MaxMemoryMb)
            failures.Add($"{Section}:MaxMemoryMb must be between {JobSpecLimits.MinMemoryMb} and {JobSpecLimits.MaxMemoryMb}.");
        if (options.MaxPids < 1 || options.MaxPids > JobSpecLimits.MaxPids)
            failures.Add($"{Section}:MaxPids must be between 1 and {JobSpecLimits.MaxPids}.");
        if (options.MaxTimeout <= TimeSpan.Zero || options.MaxTimeout > JobSpecLimits.MaxTimeout)
            failures.Add($"{Section}:MaxTimeout must be positive and at most {JobSpecLimits.MaxTimeout.TotalDays:0} days.");
        if (options.QueueSettingsCacheDuration < TimeSpan.Zero || options.QueueSettingsCacheDuration > TimeSpan.FromMinutes(5))
            failures.Add($"{Section}:QueueSettingsCacheDuration must be between 0 and 5 minutes.");
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
