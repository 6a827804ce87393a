using System.Globalization;
using System.Text.RegularExpressions;
using JobScheduler.Grains.Interfaces;
using Microsoft.Extensions.Options;

namespace JobScheduler.Grains.Docker;

/// <summary>Reports every invalid <see cref="ContainerOptions"/> value at once, so one start-up shows all mistakes.</summary>
public sealed partial class ContainerOptionsValidator : IValidateOptions<ContainerOptions>
{
    private static readonly string[] EndpointSchemes = ["unix", "tcp", "http", "https", "npipe"];

    // A tmpfs lives in memory: more than the largest memory limit a job may have makes no sense.
    private const int MaxTmpSizeMb = JobSpecLimits.MaxMemoryMb;

    // Below a few dozen descriptors even a shell fails; above the kernel's usual nr_open the engine refuses.
    private const int MinNofileLimit = 64;
    private const int MaxNofileLimit = 1_048_576;

    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, ContainerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        var section = ContainerOptions.SectionName;

        if (!Uri.TryCreate(options.DockerEndpoint, UriKind.Absolute, out var endpoint) || !EndpointSchemes.Contains(endpoint.Scheme))
        {
            errors.Add($"{section}:{nameof(options.DockerEndpoint)} must be an absolute unix://, tcp://, http(s):// or npipe:// URI; got '{options.DockerEndpoint}'.");
        }

        if (options.TlsCertPath is { } tls)
        {
            if (endpoint is not null && endpoint.Scheme is not ("tcp" or "https"))
                errors.Add($"{section}:{nameof(options.TlsCertPath)} needs a tcp:// or https:// {nameof(options.DockerEndpoint)}; got '{options.DockerEndpoint}'.");
            if (DockerTlsFiles.Problem(tls) is { } problem)
                errors.Add($"{section}:{nameof(options.TlsCertPath)} {problem}");
        }

        if (!(options.DefaultCpus > 0 && options.DefaultCpus <= JobSpecLimits.MaxCpus))
        {
            errors.Add(string.Create(CultureInfo.InvariantCulture, $"{section}:{nameof(options.DefaultCpus)} must be in (0, {JobSpecLimits.MaxCpus}]; got {options.DefaultCpus}."));
        }

        if (options.DefaultMemoryMb is < JobSpecLimits.MinMemoryMb or > JobSpecLimits.MaxMemoryMb)
        {
            errors.Add($"{section}:{nameof(options.DefaultMemoryMb)} must be in [{JobSpecLimits.MinMemoryMb}, {JobSpecLimits.MaxMemoryMb}]; got {options.DefaultMemoryMb}.");
        }

        if (options.DefaultPids is < 1 or > JobSpecLimits.MaxPids)
        {
            errors.Add($"{section}:{nameof(options.DefaultPids)} must be in [1, {JobSpecLimits.MaxPids}]; got {options.DefaultPids}.");
        }

        if (options.LogMaxSize is null || !LogSizePattern().IsMatch(options.LogMaxSize))
        {
            errors.Add($"{section}:{nameof(options.LogMaxSize)} must be a size such as 10m, 512k or 1g; got '{options.LogMaxSize}'.");
        }

        if (!Enum.IsDefined(options.PullPolicy))
        {
            errors.Add($"{section}:{nameof(options.PullPolicy)} must be IfNotPresent, Always or Never; got '{options.PullPolicy}'.");
        }

        if (!ContainerUser.IsValid(options.User))
        {
            errors.Add($"{section}:{nameof(options.User)}: {ContainerUser.Rule} Got '{options.User}'.");
        }

        if (options.TmpSizeMb is < 1 or > MaxTmpSizeMb)
        {
            errors.Add($"{section}:{nameof(options.TmpSizeMb)} must be in [1, {MaxTmpSizeMb}]; got {options.TmpSizeMb}.");
        }

        if (options.NofileLimit is < MinNofileLimit or > MaxNofileLimit)
        {
            errors.Add($"{section}:{nameof(options.NofileLimit)} must be in [{MinNofileLimit}, {MaxNofileLimit}]; got {options.NofileLimit}.");
        }

        if (!Enum.IsDefined(options.Runtime))
        {
            errors.Add($"{section}:{nameof(options.Runtime)} must be Docker or Simulated; got '{options.Runtime}'.");
        }

        if (options.SimulatedRunTime < TimeSpan.Zero || options.SimulatedRunTime > TimeSpan.FromHours(1))
        {
            errors.Add($"{section}:{nameof(options.SimulatedRunTime)} must be between zero and 1 hour; got {options.SimulatedRunTime}.");
        }

        RequirePositive(errors, nameof(options.EngineCallTimeout), options.EngineCallTimeout);
        RequirePositive(errors, nameof(options.PullTimeout), options.PullTimeout);
        RequirePositive(errors, nameof(options.LogDrainTimeout), options.LogDrainTimeout);
        RequirePositive(errors, nameof(options.PingTimeout), options.PingTimeout);

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static void RequirePositive(List<string> errors, string key, TimeSpan value)
    {
        if (value <= TimeSpan.Zero)
        {
            errors.Add($"{ContainerOptions.SectionName}:{key} must be positive; got {value}.");
        }
    }

    // The json-file driver accepts a number with an optional k, m or g unit.
    [GeneratedRegex("^[1-9][0-9]{0,9}[kmg]?$")]
    private static partial Regex LogSizePattern();
}
