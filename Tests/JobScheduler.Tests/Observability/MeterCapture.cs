using System.Diagnostics.Metrics;
using JobScheduler.Grains.Observability;
using Microsoft.Extensions.DependencyInjection;

namespace JobScheduler.Tests.Observability;

/// <summary>
/// A <see cref="SchedulerMetrics"/> of its own (its own meter factory) and a listener on that meter alone: what a
/// test's code records, whatever other hosts in the process record on meters of the same name.
/// </summary>
public sealed class MeterCapture : IDisposable
{
    private readonly ServiceProvider _services = new ServiceCollection().AddSchedulerMetrics().BuildServiceProvider();
    private readonly MeterListener _listener = new();
    private readonly List<(string Instrument, bool Observable, double Value, IReadOnlyDictionary<string, object?> Tags)> _measurements = [];

    public MeterCapture()
    {
        var factory = _services.GetRequiredService<IMeterFactory>();
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Scope == factory)
                listener.EnableMeasurementEvents(instrument);
        };
        _listener.SetMeasurementEventCallback<long>((i, v, tags, _) => Add(i, v, tags));
        _listener.SetMeasurementEventCallback<int>((i, v, tags, _) => Add(i, v, tags));
        _listener.SetMeasurementEventCallback<double>((i, v, tags, _) => Add(i, v, tags));
        _listener.Start();
        Metrics = _services.GetRequiredService<SchedulerMetrics>();
    }

    /// <summary>The instruments under test.</summary>
    public SchedulerMetrics Metrics { get; }

    /// <summary>Every measurement of <paramref name="instrument"/> so far (observable gauges: their values now).</summary>
    public IReadOnlyList<(double Value, IReadOnlyDictionary<string, object?> Tags)> Of(string instrument)
    {
        lock (_measurements)
            _measurements.RemoveAll(m => m.Observable);
        _listener.RecordObservableInstruments();
        lock (_measurements)
            return _measurements.Where(m => m.Instrument == instrument).Select(m => (m.Value, m.Tags)).ToArray();
    }

    /// <summary>Forgets what was measured so far.</summary>
    public void Clear()
    {
        lock (_measurements)
            _measurements.Clear();
    }

    public void Dispose()
    {
        _listener.Dispose();
        _services.Dispose();
    }

    private void Add(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var copy = tags.ToArray().ToDictionary(t => t.Key, t => t.Value);
        lock (_measurements)
            _measurements.Add((instrument.Name, instrument.IsObservable, value, copy));
    }
}
