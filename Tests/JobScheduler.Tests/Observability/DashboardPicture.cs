using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using JobScheduler.Tests.Browser;
using JobScheduler.Tests.Infrastructure;
using Microsoft.Playwright;

namespace JobScheduler.Tests.Observability;

/// <summary>
/// Renders deploy/grafana's dashboard without Grafana (which is not packaged here): every panel laid out by its
/// <c>gridPos</c>, each timeseries target drawn as an SVG line from Prometheus's <c>query_range</c> over a window, each
/// stat as its last value, in one HTML page that the Debian chromium screenshots. What it draws is what the panels'
/// PromQL returns; Grafana's own look (tooltips, thresholds, legends' calculations) is not reproduced.
/// </summary>
public static partial class DashboardPicture
{
    private const int Width = 1600;
    private const int CellHeight = 30;
    private const int Gap = 8;
    private const int Header = 56;
    private static readonly string[] Palette =
        ["#73BF69", "#F2CC0C", "#8AB8FF", "#FF780A", "#F2495C", "#5794F2", "#B877D9", "#FADE2A", "#37872D", "#C4162A"];

    /// <summary>Queries every panel over [<paramref name="start"/>, <paramref name="end"/>] and writes the picture to <paramref name="pngPath"/>.</summary>
    public static async Task RenderAsync(PrometheusServer prometheus, DateTimeOffset start, DateTimeOffset end, string pngPath)
    {
        var html = await HtmlAsync(prometheus, start, end);
        Directory.CreateDirectory(Path.GetDirectoryName(pngPath)!);
        await File.WriteAllTextAsync(Path.ChangeExtension(pngPath, ".html"), html);
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = BrowserFixture.ExecutablePath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", "--no-first-run"],
        });
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = Width, Height = 900 } });
        await page.SetContentAsync(html);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = pngPath, FullPage = true });
        File.Delete(Path.ChangeExtension(pngPath, ".html"));
    }

    /// <summary>The page: a header, then each panel of the dashboard at its grid position.</summary>
    public static async Task<string> HtmlAsync(PrometheusServer prometheus, DateTimeOffset start, DateTimeOffset end)
    {
        using var dashboard = JsonDocument.Parse(await File.ReadAllTextAsync(DashboardQueries.DashboardPath));
        var step = TimeSpan.FromSeconds(Math.Max(2, Math.Ceiling((end - start).TotalSeconds / 240)));
        var body = new StringBuilder();
        var bottom = 0;
        foreach (var panel in dashboard.RootElement.GetProperty("panels").EnumerateArray())
        {
            var grid = panel.GetProperty("gridPos");
            int x = grid.GetProperty("x").GetInt32(), y = grid.GetProperty("y").GetInt32(), w = grid.GetProperty("w").GetInt32(), h = grid.GetProperty("h").GetInt32();
            var left = x * Width / 24 + Gap / 2;
            var top = Header + y * CellHeight;
            var width = w * Width / 24 - Gap;
            var height = h * CellHeight - Gap;
            bottom = Math.Max(bottom, top + height);
            var title = WebUtility.HtmlEncode(panel.GetProperty("title").GetString());
            var type = panel.GetProperty("type").GetString();
            if (type == "row")
            {
                body.Append(Invariant($"<div class=\"row\" style=\"left:{left}px;top:{top}px;width:{width}px\">▾ {title}</div>"));
                continue;
            }
            var unit = panel.TryGetProperty("fieldConfig", out var fc) && fc.GetProperty("defaults").TryGetProperty("unit", out var u) ? u.GetString() ?? "" : "";
            var series = new List<(string Legend, List<(double T, double V)> Points)>();
            foreach (var target in panel.GetProperty("targets").EnumerateArray())
            {
                var expr = Runnable(target.GetProperty("expr").GetString()!);
                var legend = target.TryGetProperty("legendFormat", out var l) ? l.GetString() ?? "" : "";
                foreach (var s in (await prometheus.QueryRangeAsync(expr, start, end, step)).EnumerateArray())
                    series.Add((Legend(legend, s.GetProperty("metric")), Points(s)));
            }
            body.Append(Invariant($"<div class=\"panel\" style=\"left:{left}px;top:{top}px;width:{width}px;height:{height}px\"><div class=\"title\">{title}</div>"));
            body.Append(type == "stat" ? Stat(series, unit) : Chart(series, unit, width - 16, height - 34, start, end, step));
            body.Append("</div>");
        }
        var heading = WebUtility.HtmlEncode(Invariant(
            $"JobScheduler — deploy/grafana/dashboards/jobscheduler.json, each panel's PromQL run by Prometheus (query_range) over {start:yyyy-MM-dd HH:mm:ss}–{end:HH:mm:ss} UTC; drawn without Grafana"));
        return "<!doctype html><html><head><meta charset=\"utf-8\"><style>" + Css + "</style></head><body>" +
               Invariant($"<div class=\"page\" style=\"height:{bottom + Gap}px\"><div class=\"heading\">{heading}</div>") + body + "</div></body></html>";
    }

    private static string Runnable(string expr) => expr
        .Replace("$__rate_interval", "30s", StringComparison.Ordinal)
        .Replace("$__interval", "15s", StringComparison.Ordinal)
        .Replace("$queue", ".*", StringComparison.Ordinal);

    private static List<(double T, double V)> Points(JsonElement series) =>
        [.. series.GetProperty("values").EnumerateArray()
            .Select(v => (T: v[0].GetDouble(), V: double.Parse(v[1].GetString()!, CultureInfo.InvariantCulture)))
            .Where(p => double.IsFinite(p.V))];

    private static string Legend(string format, JsonElement metric)
    {
        if (format.Length == 0)
            return string.Join(", ", metric.EnumerateObject().Select(p => $"{p.Name}={p.Value.GetString()}"));
        return LegendLabel().Replace(format, m => metric.TryGetProperty(m.Groups[1].Value, out var v) ? v.GetString() ?? "" : "");
    }

    private static string Stat(List<(string Legend, List<(double T, double V)> Points)> series, string unit)
    {
        var last = series.Select(s => s.Points.Count > 0 ? s.Points[^1].V : double.NaN).FirstOrDefault(double.NaN);
        return $"<div class=\"stat\">{(double.IsNaN(last) ? "No data" : Format(last, unit))}</div>";
    }

    private static string Chart(List<(string Legend, List<(double T, double V)> Points)> series, string unit, int width, int height,
        DateTimeOffset start, DateTimeOffset end, TimeSpan step)
    {
        var legendRows = Math.Min(3, (series.Count + 3) / 4);
        const int pad = 8;
        var plotHeight = height - 16 - pad - legendRows * 15;
        const int axis = 64;
        var plotWidth = width - axis;
        var values = series.SelectMany(s => s.Points.Select(p => p.V)).ToArray();
        if (values.Length == 0)
            return "<div class=\"nodata\">No data</div>";
        var low = Math.Min(0, values.Min());
        var high = values.Max();
        if (high <= low)
            high = low + 1;
        high *= 1.08;
        double t0 = start.ToUnixTimeMilliseconds() / 1000.0, t1 = end.ToUnixTimeMilliseconds() / 1000.0;
        var svg = new StringBuilder(Invariant($"<svg width=\"{width}\" height=\"{plotHeight + 16 + pad}\"><g transform=\"translate(0,{pad})\">"));
        for (var i = 0; i <= 4; i++)
        {
            var v = low + (high - low) * i / 4;
            var y = plotHeight - plotHeight * i / 4.0;
            svg.Append(Invariant($"<line x1=\"{axis}\" x2=\"{width}\" y1=\"{y:0.#}\" y2=\"{y:0.#}\" class=\"grid\"/>"));
            svg.Append(Invariant($"<text x=\"{axis - 6}\" y=\"{y + 4:0.#}\" class=\"axis\" text-anchor=\"end\">{WebUtility.HtmlEncode(Format(v, unit))}</text>"));
        }
        for (var i = 0; i <= 4; i++)
        {
            var x = axis + plotWidth * i / 4.0;
            var at = DateTimeOffset.FromUnixTimeMilliseconds((long)((t0 + (t1 - t0) * i / 4) * 1000));
            svg.Append(Invariant($"<text x=\"{x:0.#}\" y=\"{plotHeight + 13}\" class=\"axis\" text-anchor=\"{(i == 0 ? "start" : i == 4 ? "end" : "middle")}\">{at:HH:mm:ss}</text>"));
        }
        for (var i = 0; i < series.Count; i++)
        {
            // A gap of more than two steps (a process that was down) breaks the line, as Grafana does.
            foreach (var segment in Segments(series[i].Points, 2.5 * step.TotalSeconds))
            {
                var path = string.Join(" ", segment.Select(p => Invariant(
                    $"{axis + plotWidth * (p.T - t0) / (t1 - t0):0.#},{plotHeight - plotHeight * (p.V - low) / (high - low):0.#}")));
                svg.Append(Invariant($"<polyline points=\"{path}\" fill=\"none\" stroke=\"{Palette[i % Palette.Length]}\" stroke-width=\"1.6\"/>"));
            }
        }
        svg.Append("</g></svg><div class=\"legend\">");
        foreach (var (s, i) in series.Select((s, i) => (s, i)).Take(legendRows * 4))
            svg.Append(Invariant($"<span><i style=\"background:{Palette[i % Palette.Length]}\"></i>{WebUtility.HtmlEncode(s.Legend)}</span>"));
        if (series.Count > legendRows * 4)
            svg.Append(Invariant($"<span>+{series.Count - legendRows * 4} more</span>"));
        return svg.Append("</div>").ToString();
    }

    private static IEnumerable<List<(double T, double V)>> Segments(List<(double T, double V)> points, double maxGap)
    {
        var segment = new List<(double T, double V)>();
        foreach (var point in points)
        {
            if (segment.Count > 0 && point.T - segment[^1].T > maxGap)
            {
                yield return segment;
                segment = [];
            }
            segment.Add(point);
        }
        if (segment.Count > 0)
            yield return segment;
    }

    private static string Format(double value, string unit)
    {
        var magnitude = Math.Abs(value);
        return unit switch
        {
            "s" when magnitude == 0 => "0 s",
            "s" when magnitude < 1 => Invariant($"{value * 1000:0.#} ms"),
            "s" when magnitude < 120 => Invariant($"{value:0.##} s"),
            "s" => Invariant($"{value / 60:0.#} min"),
            "bytes" => Invariant($"{value / 1024 / 1024:0.#} MiB"),
            "percentunit" => Invariant($"{value * 100:0.#} %"),
            _ when magnitude >= 1_000_000 => Invariant($"{value / 1_000_000:0.##} M"),
            _ when magnitude >= 1000 => Invariant($"{value / 1000:0.##} K"),
            _ when magnitude > 0 && magnitude < 0.01 => Invariant($"{value:0.####}"),
            _ => Invariant($"{value:0.##}"),
        };
    }

    private static string Invariant(FormattableString text) => FormattableString.Invariant(text);

    [GeneratedRegex(@"\{\{\s*(\w+)\s*\}\}")]
    private static partial Regex LegendLabel();

    private const string Css = """
        body { margin: 0; background: #111217; color: #ccccdc; font: 12px Inter, "Helvetica Neue", Arial, sans-serif; }
        .page { position: relative; width: 1600px; }
        .heading { position: absolute; left: 8px; top: 12px; font-size: 15px; color: #d8d9da; }
        .row { position: absolute; font-size: 14px; font-weight: 600; color: #d8d9da; padding-top: 6px; }
        .panel { position: absolute; background: #181b1f; border: 1px solid #2c3235; border-radius: 3px; box-sizing: border-box; padding: 6px 8px; overflow: hidden; }
        .title { font-size: 12px; font-weight: 600; color: #d8d9da; height: 20px; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
        .stat { font-size: 40px; font-weight: 600; color: #73BF69; text-align: center; margin-top: 18px; }
        .nodata { color: #8e8e8e; text-align: center; margin-top: 60px; }
        .grid { stroke: #2c3235; stroke-width: 1; }
        .axis { fill: #8e8e8e; font-size: 10px; }
        .legend { font-size: 10px; line-height: 15px; white-space: nowrap; overflow: hidden; }
        .legend span { display: inline-block; margin-right: 12px; }
        .legend i { display: inline-block; width: 12px; height: 3px; margin: 0 4px 3px 0; vertical-align: middle; }
        """;
}
