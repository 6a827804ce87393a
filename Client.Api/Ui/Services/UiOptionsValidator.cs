using Microsoft.Extensions.Options;

namespace JobScheduler.Client.Api.Ui.Services;

/// <summary>Reports every invalid <see cref="UiOptions"/> value at once, at start.</summary>
internal sealed class UiOptionsValidator : IValidateOptions<UiOptions>
{
    public ValidateOptionsResult Validate(string? name, UiOptions options)
    {
        var failures = new List<string>();
        if (options.SessionLifetime < TimeSpan.FromMinutes(1) || options.SessionLifetime > TimeSpan.FromDays(30))
            failures.Add($"{UiOptions.SectionName}:SessionLifetime must be between 00:01:00 and 30.00:00:00.");
        if (options.RevalidationInterval < TimeSpan.FromSeconds(1) || options.RevalidationInterval > TimeSpan.FromMinutes(1))
            failures.Add($"{UiOptions.SectionName}:RevalidationInterval must be between 00:00:01 and 00:01:00.");
        if (options.RefreshInterval < TimeSpan.FromSeconds(5) || options.RefreshInterval > TimeSpan.FromMinutes(5))
            failures.Add($"{UiOptions.SectionName}:RefreshInterval must be between 00:00:05 and 00:05:00 (no page polls more often than every 5 s).");
        if (options.ApiBaseAddress is { } address && (!address.IsAbsoluteUri || address.Scheme is not ("http" or "https")))
            failures.Add($"{UiOptions.SectionName}:ApiBaseAddress must be an absolute http or https URL.");
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
