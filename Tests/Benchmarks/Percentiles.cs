namespace JobScheduler.Benchmarks;

/// <summary>Nearest-rank percentiles (p50 of an even count is the mean of the two middle values).</summary>
public static class Percentiles
{
    public static double Of(IEnumerable<double> values, double percentile)
    {
        var sorted = values.Order().ToArray();
        if (sorted.Length == 0)
            return double.NaN;
        if (percentile == 50 && sorted.Length % 2 == 0)
            return (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
        var rank = (int)Math.Ceiling(percentile / 100 * sorted.Length);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)];
    }
}
