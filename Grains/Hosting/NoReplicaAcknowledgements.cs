namespace JobScheduler.Grains.Hosting;

/// <summary>Writes wait for no replica: embedded mode, or <see cref="RedisOptions.ReplicaAcks"/> 0.</summary>
internal sealed class NoReplicaAcknowledgements : IReplicaAcknowledgements
{
    public bool Enabled => false;

    public long Begin() => 0;

    public Task ConfirmAsync(long mark) => Task.CompletedTask;
}
