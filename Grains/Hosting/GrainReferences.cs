using System.Collections.Concurrent;
using Orleans.Metadata;

namespace JobScheduler.Grains.Hosting;

/// <summary>
/// References to string-keyed grains for the job path's hot calls. Orleans' <c>GetGrain&lt;T&gt;(key)</c> works out the
/// interface's identity on every call (reading its attributes and formatting its type name); this remembers it per
/// interface and leaves the rest to Orleans (the grain type, from the cluster's manifest as it stands).
/// </summary>
/// <remarks>Measured: the interface resolution was ~4 % of a silo's samples in B2 (RESULTS.md, 2026-12-02 (later)).</remarks>
public sealed class GrainReferences(IGrainFactory grains, GrainInterfaceTypeResolver interfaces, GrainInterfaceTypeToGrainTypeResolver grainTypes)
{
    private readonly ConcurrentDictionary<Type, GrainInterfaceType> _interfaces = new();

    /// <summary>The grain <typeparamref name="T"/> of <paramref name="key"/>, as <c>GetGrain&lt;T&gt;(key)</c> returns it.</summary>
    public T Get<T>(string key) where T : IGrainWithStringKey => GetAs<T, T>(key);

    /// <summary>
    /// The grain that implements <typeparamref name="TGrain"/> for <paramref name="key"/>, called through its interface
    /// <typeparamref name="TInterface"/>: <c>GetGrain&lt;TGrain&gt;(key).AsReference&lt;TInterface&gt;()</c>.
    /// </summary>
    public TInterface GetAs<TInterface, TGrain>(string key) where TInterface : IAddressable where TGrain : IGrainWithStringKey
    {
        ArgumentNullException.ThrowIfNull(key);
        var grainType = grainTypes.GetGrainType(InterfaceOf(typeof(TGrain)));
        return (TInterface)grains.GetGrain(GrainId.Create(grainType, key), InterfaceOf(typeof(TInterface)));
    }

    private GrainInterfaceType InterfaceOf(Type type) =>
        _interfaces.TryGetValue(type, out var known) ? known : _interfaces.GetOrAdd(type, interfaces.GetGrainInterfaceType(type));
}
