using Microsoft.Extensions.Options;

namespace JobScheduler.Grains.Deadlines;

/// <summary>Reports every invalid <see cref="DeadlineOptions"/> value at once.</summary>
internal sealed class DeadlineOptionsValidator : IValidateOptions<DeadlineOptions>
{
    public ValidateOptionsResult Validate(string? name, DeadlineOptions options)
    {
        var failures = new List<string>();
        if (options.SweepInterval < TimeSpan.FromMilliseconds(10) || options.SweepInterval > TimeSpan.FromMinutes(5))
            failures.Add($"{DeadlineOptions.SectionName}:SweepInterval must be between 10 ms and 5 minutes.");
        // Shorter than a second would re-poke grains whose first poke is still on its way.
        if (options.RedeliverAfter < TimeSpan.FromSeconds(1) || options.RedeliverAfter > TimeSpan.FromHours(1))
            failures.Add($"{DeadlineOptions.SectionName}:RedeliverAfter must be between 1 second and 1 hour.");
        if (options.BatchSize is < 1 or > 100_000)
            failures.Add($"{DeadlineOptions.SectionName}:BatchSize must be between 1 and 100000.");
        if (options.MaxConcurrentPokes is < 1 or > 1024)
            failures.Add($"{DeadlineOptions.SectionName}:MaxConcurrentPokes must be between 1 and 1024.");
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
