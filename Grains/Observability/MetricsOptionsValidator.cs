using Microsoft.Extensions.Options;

namespace JobScheduler.Grains.Observability;

/// <summary>Reports every invalid <see cref="MetricsOptions"/> value at once.</summary>
internal sealed class MetricsOptionsValidator : IValidateOptions<MetricsOptions>
{
    public ValidateOptionsResult Validate(string? name, MetricsOptions options)
    {
        var failures = new List<string>();
        if (options.OtlpEndpoint is { } endpoint && (!endpoint.IsAbsoluteUri || endpoint.Scheme is not ("http" or "https")))
            failures.Add($"{MetricsOptions.SectionName}:OtlpEndpoint must be an absolute http or https URL.");
        if (!Enum.IsDefined(options.OtlpProtocol))
            failures.Add($"{MetricsOptions.SectionName}:OtlpProtocol must be Grpc or HttpProtobuf.");
        if (options.OtlpExportInterval < TimeSpan.FromMilliseconds(100) || options.OtlpExportInterval > TimeSpan.FromHours(1))
            failures.Add($"{MetricsOptions.SectionName}:OtlpExportInterval must be between 100 ms and 1 hour.");
        if (options.QueueDepthInterval < TimeSpan.FromSeconds(1) || options.QueueDepthInterval > TimeSpan.FromHours(1))
            failures.Add($"{MetricsOptions.SectionName}:QueueDepthInterval must be between 1 second and 1 hour.");
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
