using Microsoft.Extensions.Options;

namespace JobScheduler.Grains.Outbound;

/// <summary>Checks <see cref="OutboundOptions"/>, reporting every problem at once.</summary>
public sealed class OutboundOptionsValidator : IValidateOptions<OutboundOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, OutboundOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        const string S = OutboundOptions.SectionName;
        var failures = new List<string>();
        if (options.MaxRedirects is < 0 or > 10)
            failures.Add($"{S}:MaxRedirects must be between 0 and 10 (was {options.MaxRedirects}).");
        if (options.MaxResponseBytes is < 1024 or > 1024L * 1024 * 1024)
            failures.Add($"{S}:MaxResponseBytes must be between 1 KiB and 1 GiB (was {options.MaxResponseBytes}).");
        if (options.Timeout < TimeSpan.FromMilliseconds(100) || options.Timeout > TimeSpan.FromMinutes(10))
            failures.Add($"{S}:Timeout must be between 100 ms and 10 minutes (was {options.Timeout}).");
        if (options.ConnectTimeout < TimeSpan.FromMilliseconds(100) || options.ConnectTimeout > TimeSpan.FromMinutes(10))
            failures.Add($"{S}:ConnectTimeout must be between 100 ms and 10 minutes (was {options.ConnectTimeout}).");
        if (options.MaxRetryAttempts is < 0 or > 10)
            failures.Add($"{S}:MaxRetryAttempts must be between 0 and 10 (was {options.MaxRetryAttempts}).");
        for (var i = 0; i < options.AllowedHosts.Count; i++)
            if (!OutboundHostRules.IsValidPattern(options.AllowedHosts[i]))
                failures.Add($"{S}:AllowedHosts:{i} must be a host name or *.suffix (was '{options.AllowedHosts[i]}').");
        for (var i = 0; i < options.DeniedHosts.Count; i++)
            if (!OutboundHostRules.IsValidPattern(options.DeniedHosts[i]))
                failures.Add($"{S}:DeniedHosts:{i} must be a host name or *.suffix (was '{options.DeniedHosts[i]}').");
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
