using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Orleans.Configuration;

namespace JobScheduler.Grains.Hosting;

/// <summary>
/// The size of each silo's grain directory cache (where recently called grains live), bound from
/// <c>Scheduler:GrainDirectory</c> onto Orleans' <see cref="GrainDirectoryOptions"/>.
/// </summary>
/// <remarks>
/// Orleans' default holds up to 1,000,000 addresses and sizes the cache's table for all of them at start. Every metrics
/// collection counts the cache by walking that table (Orleans' <c>orleans-directory-cache-size</c> gauge), and the
/// Orleans dashboard collects once a second: about 6 ms of CPU a second per silo, idle or not, which was a tenth of an
/// idle silo's CPU (RESULTS.md, 2026-12-02 (night)). Jobs are short-lived grains called within their life (claim,
/// heartbeats, result), so a cache of the last 100,000 grains called serves them as well; an entry not found costs one
/// directory lookup.
/// </remarks>
public static class GrainDirectoryCache
{
    /// <summary>The configuration section bound onto <see cref="GrainDirectoryOptions"/>.</summary>
    public const string SectionName = "Scheduler:GrainDirectory";

    /// <summary>The scheduler's default for <see cref="GrainDirectoryOptions.CacheSize"/>.</summary>
    public const int DefaultCacheSize = 100_000;

    /// <summary>Applies the scheduler's default cache size, then whatever <c>Scheduler:GrainDirectory</c> sets, validated at start.</summary>
    public static IServiceCollection AddGrainDirectoryCacheOptions(this IServiceCollection services)
    {
        services.AddOptions<GrainDirectoryOptions>()
            .Configure(o => o.CacheSize = DefaultCacheSize)
            .BindConfiguration(SectionName)
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<GrainDirectoryOptions>, Validator>());
        return services;
    }

    /// <summary>Reports an unusable cache size, naming the setting.</summary>
    internal sealed class Validator : IValidateOptions<GrainDirectoryOptions>
    {
        public const int MaxCacheSize = 10_000_000;

        public ValidateOptionsResult Validate(string? name, GrainDirectoryOptions options) =>
            options.CacheSize is < 0 or > MaxCacheSize
                ? ValidateOptionsResult.Fail($"{SectionName}:CacheSize must be between 0 (no cache) and {MaxCacheSize:N0}; got {options.CacheSize}.")
                : ValidateOptionsResult.Success;
    }
}
