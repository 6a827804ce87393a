using System.Globalization;

namespace JobScheduler.Benchmarks;

/// <summary>A silo's <c>/metrics</c> (Prometheus text, no access control on the silo's port), read for histogram sums and counts.</summary>
public static class SiloMetrics
{
    /// <summary>Every sample line's value by its full series (name and labels); empty when the silo serves no metrics.</summary>
    public static async Task<IReadOnlyDictionary<string, double>> ReadAsync(Uri silo, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { BaseAddress = silo, Timeout = TimeSpan.FromSeconds(10) };
        using var response = await http.GetAsync("metrics", cancellationToken);
        if (!response.IsSuccessStatusCode)
            return new Dictionary<string, double>();
        var samples = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var line in (await response.Content.ReadAsStringAsync(cancellationToken)).Split('\n'))
        {
            if (line.StartsWith('#'))
                continue;
            var space = line.LastIndexOf(' ');
            if (space > 0 && double.TryParse(line[(space + 1)..], NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
                samples[line[..space]] = value;
        }
        return samples;
    }

    /// <summary>
    /// The mean in milliseconds of a histogram (in seconds) between two reads: the growth of its <c>_sum</c> over that of
    /// its <c>_count</c>, over every series whose labels contain <paramref name="label"/> (all when null); NaN when none grew.
    /// </summary>
    public static double MeanMs(IReadOnlyDictionary<string, double> before, IReadOnlyDictionary<string, double> after, string histogram, string? label)
    {
        double Growth(string suffix) => after
            .Where(p => p.Key.StartsWith(histogram + suffix, StringComparison.Ordinal) && (label is null || p.Key.Contains(label, StringComparison.Ordinal)))
            .Sum(p => p.Value - before.GetValueOrDefault(p.Key));
        var count = Growth("_count");
        return count > 0 ? Growth("_sum") / count * 1000 : double.NaN;
    }
}
