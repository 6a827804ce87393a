namespace JobScheduler.Grains.Interfaces;

/// <summary>
/// A write reached the Redis primary, but fewer replicas than <c>Scheduler:Redis:ReplicaAcks</c> acknowledged it within
/// <c>Scheduler:Redis:ReplicaAckTimeout</c>, or the connection changed between the write and the check (a failover):
/// the write is not acknowledged, since a failover could still lose it. Retry later; the API answers it with 503 and
/// <c>Retry-After</c>. A <see cref="TimeoutException"/>, so callers that retry timeouts retry it too.
/// </summary>
[GenerateSerializer, Alias("JobScheduler.ReplicaAcknowledgementException")]
public sealed class ReplicaAcknowledgementException(int required, long acknowledged, string detail) : TimeoutException(detail)
{
    /// <summary>How many replicas had to acknowledge the write.</summary>
    [Id(0)] public int Required { get; } = required;

    /// <summary>How many did in time (0 when the connection changed under the write).</summary>
    [Id(1)] public long Acknowledged { get; } = acknowledged;
}
