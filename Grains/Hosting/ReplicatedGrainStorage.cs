using Orleans.Storage;

namespace JobScheduler.Grains.Hosting;

/// <summary>
/// Grain storage whose writes and clears return only once <see cref="IReplicaAcknowledgements"/> confirms them (WAIT for
/// <see cref="RedisOptions.ReplicaAcks"/> replicas), so a grain never answers on state one Redis node alone holds.
/// Reads pass through. The inner storage must write on the connection the acknowledgements wait on.
/// </summary>
public sealed class ReplicatedGrainStorage(IGrainStorage inner, IReplicaAcknowledgements acks) : IGrainStorage
{
    /// <inheritdoc />
    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        inner.ReadStateAsync(stateName, grainId, grainState);

    /// <inheritdoc />
    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var mark = acks.Begin();
        await inner.WriteStateAsync(stateName, grainId, grainState);
        await acks.ConfirmAsync(mark);
    }

    /// <inheritdoc />
    public async Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var mark = acks.Begin();
        await inner.ClearStateAsync(stateName, grainId, grainState);
        await acks.ConfirmAsync(mark);
    }
}
