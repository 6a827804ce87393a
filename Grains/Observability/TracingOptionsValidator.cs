using Microsoft.Extensions.Options;

namespace JobScheduler.Grains.Observability;

/// <summary>Reports every invalid <see cref="TracingOptions"/> value at once, and an OTLP endpoint that nothing would use.</summary>
internal sealed class TracingOptionsValidator(IOptions<MetricsOptions> metrics) : IValidateOptions<TracingOptions>
{
    public ValidateOptionsResult Validate(string? name, TracingOptions options)
    {
        var failures = new List<string>();
        if (!options.Enabled && !metrics.Value.Enabled && metrics.Value.OtlpEndpoint is not null)
            failures.Add($"{MetricsOptions.SectionName}:OtlpEndpoint is set but {MetricsOptions.SectionName}:Enabled and {TracingOptions.SectionName}:Enabled are both false: nothing would be pushed. Remove the endpoint or switch one on.");
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
