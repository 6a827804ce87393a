using System.Globalization;
using System.Text;

namespace JobScheduler.Benchmarks;

/// <summary>The closing summary: one row per figure, as Markdown so it can go into RESULTS.md as printed.</summary>
public static class ResultTable
{
    public static string Format(IReadOnlyList<WorkloadResult> results)
    {
        var text = new StringBuilder();
        text.AppendLine("| workload | figure | median | min | max | unit | target | met |");
        text.AppendLine("|---|---|---|---|---|---|---|---|");
        foreach (var result in results)
        {
            var first = true;
            foreach (var (name, figure) in result.Figures)
            {
                var met = result.TargetMet switch { true => "yes", false => "no", null => "–" };
                text.AppendLine(CultureInfo.InvariantCulture,
                    $"| {(first ? result.Workload : "")} | {name} | {Number(figure.Median)} | {Number(figure.Min)} | {Number(figure.Max)} | {figure.Unit} | {(first ? result.Target : "")} | {(first ? met : "")} |");
                first = false;
            }
        }
        return text.ToString();
    }

    private static string Number(double value) => double.IsNaN(value) ? "–"
        : Math.Abs(value) >= 100 ? value.ToString("0", CultureInfo.InvariantCulture)
        : value.ToString("0.##", CultureInfo.InvariantCulture);
}
