using Microsoft.Extensions.Options;

namespace JobScheduler.Grains.Hosting;

/// <summary>Reports every invalid <see cref="RedisOptions"/> value at once (the data annotations check the key prefix).</summary>
internal sealed class RedisOptionsValidator : IValidateOptions<RedisOptions>
{
    public ValidateOptionsResult Validate(string? name, RedisOptions options)
    {
        var failures = new List<string>();
        if (options.ReplicaAcks is < 0 or > RedisOptions.MaxReplicaAcks)
            failures.Add($"{RedisOptions.SectionName}:ReplicaAcks must be between 0 and {RedisOptions.MaxReplicaAcks}.");
        if (options.ReplicaAckTimeout < TimeSpan.FromMilliseconds(10) || options.ReplicaAckTimeout > TimeSpan.FromSeconds(30))
            failures.Add($"{RedisOptions.SectionName}:ReplicaAckTimeout must be between 00:00:00.010 and 00:00:30.");
        else if (options.ReplicaAckTimeout.Ticks % TimeSpan.TicksPerMillisecond != 0)
            failures.Add($"{RedisOptions.SectionName}:ReplicaAckTimeout must be a whole number of milliseconds (WAIT takes milliseconds).");
        if (options.Shards is < 1 or > RedisOptions.MaxShards)
            failures.Add($"{RedisOptions.SectionName}:Shards must be between 1 and {RedisOptions.MaxShards}.");
        if (options.EventSettle < TimeSpan.Zero || options.EventSettle > TimeSpan.FromMinutes(1))
            failures.Add($"{RedisOptions.SectionName}:EventSettle must be between 00:00:00 and 00:01:00.");
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
