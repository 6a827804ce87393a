namespace JobScheduler.Benchmarks;

/// <summary>The figures of one run of a workload, by name (e.g. <c>jobsPerSecond</c>), each with its unit.</summary>
public sealed class RunFigures
{
    private readonly Dictionary<string, (string Unit, double Value)> _values = new(StringComparer.Ordinal);

    public RunFigures Add(string name, string unit, double value)
    {
        _values[name] = (unit, value);
        return this;
    }

    public IReadOnlyDictionary<string, (string Unit, double Value)> Values => _values;

    /// <summary>Each figure's median, min and max over <paramref name="runs"/>, in the order the first run named them.</summary>
    public static IReadOnlyDictionary<string, Figure> Combine(IReadOnlyList<RunFigures> runs)
    {
        var combined = new Dictionary<string, Figure>(StringComparer.Ordinal);
        foreach (var name in runs.SelectMany(r => r._values.Keys).Distinct())
        {
            var present = runs.Where(r => r._values.ContainsKey(name)).Select(r => r._values[name]).ToArray();
            combined[name] = Figure.Of(present[0].Unit, present.Select(p => p.Value).Where(v => !double.IsNaN(v)).ToArray());
        }
        return combined;
    }
}
