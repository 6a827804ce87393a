using System.ComponentModel.DataAnnotations;

namespace JobScheduler.Grains.Hosting;

/// <summary>Where the cluster's Redis lives. Without a connection string the API runs in embedded mode.</summary>
public sealed class RedisOptions
{
    /// <summary>The configuration section: <c>Scheduler:Redis</c>.</summary>
    public const string SectionName = "Scheduler:Redis";

    /// <summary>A StackExchange.Redis connection string, e.g. <c>127.0.0.1:6379</c>. Default: none (embedded mode).</summary>
    public string? ConnectionString { get; set; }

    /// <summary>Prefix of every key the scheduler writes besides Orleans' own. Default: <c>jobscheduler</c>.</summary>
    [Required, RegularExpression("^[A-Za-z0-9_.-]{1,64}$")]
    public string KeyPrefix { get; set; } = "jobscheduler";
}
