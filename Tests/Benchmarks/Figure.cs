namespace JobScheduler.Benchmarks;

/// <summary>One figure over a workload's runs: the median, and the spread as min and max.</summary>
public sealed record Figure(string Unit, double Median, double Min, double Max, int Runs)
{
    public static Figure Of(string unit, IReadOnlyCollection<double> values) =>
        values.Count == 0
            ? new(unit, double.NaN, double.NaN, double.NaN, 0)
            : new(unit, Round(Percentiles.Of(values, 50)), Round(values.Min()), Round(values.Max()), values.Count);

    // Three significant decimals are more than a 2-core machine's run-to-run spread justifies.
    private static double Round(double value) => Math.Round(value, 3);
}
