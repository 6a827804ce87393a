using Microsoft.Extensions.Options;

namespace JobScheduler.Grains.Events;

/// <summary>Checks <see cref="EventLogOptions"/>, reporting every problem at once.</summary>
public sealed class EventLogOptionsValidator : IValidateOptions<EventLogOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, EventLogOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (options.MaxLength is < 100 or > 100_000_000)
            failures.Add($"{EventLogOptions.SectionName}:MaxLength must be between 100 and 100,000,000 (was {options.MaxLength}).");
        if (options.MaxAge < TimeSpan.FromMinutes(1))
            failures.Add($"{EventLogOptions.SectionName}:MaxAge must be at least 1 minute (was {options.MaxAge}).");
        if (options.TrimInterval < TimeSpan.FromSeconds(1) || options.TrimInterval > TimeSpan.FromHours(1))
            failures.Add($"{EventLogOptions.SectionName}:TrimInterval must be between 1 second and 1 hour (was {options.TrimInterval}).");
        if (options.PollInterval < TimeSpan.FromMilliseconds(5) || options.PollInterval > TimeSpan.FromSeconds(5))
            failures.Add($"{EventLogOptions.SectionName}:PollInterval must be between 5 ms and 5 s (was {options.PollInterval}).");
        if (options.IdlePollInterval < options.PollInterval || options.IdlePollInterval > TimeSpan.FromMinutes(1))
            failures.Add($"{EventLogOptions.SectionName}:IdlePollInterval must be between PollInterval ({options.PollInterval}) and 1 minute (was {options.IdlePollInterval}).");
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
