using System.Globalization;

namespace JobScheduler.Tests.Observability;

/// <summary>Reads samples out of a Prometheus text-format scrape.</summary>
public static class PrometheusText
{
    /// <summary>
    /// The sum of the samples of <paramref name="metric"/> (the exact exported name) whose labels include every one of
    /// <paramref name="labels"/>; null when there is none.
    /// </summary>
    public static double? Sum(string scrape, string metric, params (string Name, string Value)[] labels)
    {
        double? sum = null;
        foreach (var line in scrape.Split('\n'))
        {
            if (!line.StartsWith(metric + "{", StringComparison.Ordinal))
                continue;
            var close = line.LastIndexOf('}');
            var labelText = line[(metric.Length + 1)..close];
            if (!labels.All(l => labelText.Contains($"{l.Name}=\"{l.Value}\"", StringComparison.Ordinal)))
                continue;
            var value = line[(close + 1)..].Trim().Split(' ')[0];
            sum = (sum ?? 0) + double.Parse(value, CultureInfo.InvariantCulture);
        }
        return sum;
    }

    /// <summary>How many samples of <paramref name="metric"/> carry every one of <paramref name="labels"/>.</summary>
    public static int Count(string scrape, string metric, params (string Name, string Value)[] labels) =>
        scrape.Split('\n').Count(line => line.StartsWith(metric + "{", StringComparison.Ordinal)
            && labels.All(l => line.Contains($"{l.Name}=\"{l.Value}\"", StringComparison.Ordinal)));
}
