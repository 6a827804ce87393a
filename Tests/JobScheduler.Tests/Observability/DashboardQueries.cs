using System.Diagnostics.Metrics;
using System.Text.Json;
using System.Text.RegularExpressions;
using JobScheduler.Grains.Observability;
using JobScheduler.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace JobScheduler.Tests.Observability;

/// <summary>The PromQL of deploy/grafana's dashboard and the metric names it and the exporter use.</summary>
public static partial class DashboardQueries
{
    /// <summary>The dashboard JSON's path.</summary>
    public static string DashboardPath => Path.Combine(RepositoryLayout.Root, "deploy", "grafana", "dashboards", "jobscheduler.json");

    /// <summary>Every expression of the dashboard: panel targets (rows included), variable queries and annotations, as written.</summary>
    public static IReadOnlyList<(string Panel, string Expr)> All()
    {
        using var json = JsonDocument.Parse(File.ReadAllText(DashboardPath));
        var found = new List<(string, string)>();
        Collect(json.RootElement, "dashboard", found);
        return found;
    }

    /// <summary>An expression with Grafana's variables replaced, so that Prometheus can run it.</summary>
    public static string Runnable(string expr) => expr
        .Replace("$__rate_interval", "1m", StringComparison.Ordinal)
        .Replace("$__interval", "15s", StringComparison.Ordinal)
        .Replace("$queue", ".*", StringComparison.Ordinal);

    /// <summary>The metric names an expression reads (label names, label values and function names left out).</summary>
    public static IReadOnlySet<string> MetricNames(string expr)
    {
        var bare = Strings().Replace(expr, "");
        bare = Matchers().Replace(bare, " ");
        bare = Groupings().Replace(bare, " ");
        return Names().Matches(bare).Select(m => m.Value).ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>
    /// The names the Prometheus exporter gives the <c>JobScheduler</c> instruments: dots to underscores, the unit's
    /// suffix (<c>s</c>: <c>_seconds</c>; annotations like <c>{job}</c>: none), <c>_total</c> for counters,
    /// <c>_bucket</c>/<c>_sum</c>/<c>_count</c> for histograms.
    /// </summary>
    public static IReadOnlySet<string> SchedulerMeterNames()
    {
        using var services = new ServiceCollection().AddSchedulerMetrics().BuildServiceProvider();
        var factory = services.GetRequiredService<IMeterFactory>();
        var instruments = new List<Instrument>();
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, _) =>
            {
                if (instrument.Meter.Scope == factory)
                    lock (instruments)
                        instruments.Add(instrument);
            },
        };
        listener.Start();
        services.GetRequiredService<SchedulerMetrics>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var instrument in instruments)
        {
            var name = instrument.Name.Replace('.', '_') + instrument.Unit switch
            {
                "s" => "_seconds",
                "By" => "_bytes",
                _ => "",
            };
            var kind = instrument.GetType().GetGenericTypeDefinition();
            if (kind == typeof(Counter<>) || kind == typeof(ObservableCounter<>))
                names.Add(name + "_total");
            else if (kind == typeof(Histogram<>))
                names.UnionWith([name + "_bucket", name + "_sum", name + "_count"]);
            else
                names.Add(name);
        }
        return names;
    }

    /// <summary>The metric names in a Prometheus text-format scrape.</summary>
    public static IReadOnlySet<string> ScrapeNames(string scrape) => scrape.Split('\n')
        .Where(line => line.Length > 0 && line[0] != '#')
        .Select(line => line[..line.IndexOfAny(['{', ' '])])
        .ToHashSet(StringComparer.Ordinal);

    private static void Collect(JsonElement element, string panel, List<(string, string)> found)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                if (element.TryGetProperty("title", out var title) && title.ValueKind == JsonValueKind.String)
                    panel = title.GetString()!;
                foreach (var property in element.EnumerateObject())
                {
                    if (property.Name == "expr" && property.Value.ValueKind == JsonValueKind.String)
                        found.Add((panel, property.Value.GetString()!));
                    else if (property.Name == "query" && property.Value.ValueKind == JsonValueKind.Object
                        && property.Value.TryGetProperty("query", out var variable) && variable.GetString() is { } q)
                        found.Add(($"variable {panel}", LabelValues().Replace(q, "$1")));
                    else
                        Collect(property.Value, panel, found);
                }
                break;
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray())
                    Collect(item, panel, found);
                break;
        }
    }

    [GeneratedRegex("\"(?:[^\"\\\\]|\\\\.)*\"")]
    private static partial Regex Strings();

    [GeneratedRegex(@"\{[^}]*\}")]
    private static partial Regex Matchers();

    [GeneratedRegex(@"\b(?:by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)")]
    private static partial Regex Groupings();

    [GeneratedRegex(@"\b(?:(?:jobscheduler|orleans|dotnet|http|kestrel|process|aspnetcore)_[a-zA-Z0-9_:]+|up|ALERTS)\b")]
    private static partial Regex Names();

    // Grafana's label_values(metric, label): the metric is the query Prometheus sees.
    [GeneratedRegex(@"^label_values\(\s*([^,]+?)\s*,\s*\w+\s*\)$")]
    private static partial Regex LabelValues();
}
