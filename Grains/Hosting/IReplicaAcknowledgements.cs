using JobScheduler.Grains.Interfaces;

namespace JobScheduler.Grains.Hosting;

/// <summary>
/// Makes a write count as done only once enough Redis replicas hold it (<see cref="RedisOptions.ReplicaAcks"/>).
/// Take a <see cref="Begin"/> mark before the writes, and <see cref="ConfirmAsync"/> it after them, before answering.
/// </summary>
public interface IReplicaAcknowledgements
{
    /// <summary>True when writes wait for replicas (<see cref="RedisOptions.ReplicaAcks"/> ≥ 1 on a Redis connection).</summary>
    bool Enabled { get; }

    /// <summary>A mark of the connection the writes that follow will use; pass it to <see cref="ConfirmAsync"/>.</summary>
    long Begin();

    /// <summary>
    /// Returns once the writes this process made on the connection since <paramref name="mark"/> are held by enough
    /// replicas; completes at once when <see cref="Enabled"/> is false.
    /// </summary>
    /// <exception cref="ReplicaAcknowledgementException">
    /// Too few replicas acknowledged in time, or the connection was lost and re-established since the mark (a
    /// failover may have lost the writes).
    /// </exception>
    Task ConfirmAsync(long mark);
}
