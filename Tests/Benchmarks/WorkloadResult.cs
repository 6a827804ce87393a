using System.Text.Json;
using System.Text.Json.Serialization;

namespace JobScheduler.Benchmarks;

/// <summary>What one workload printed: its figures over all runs, the target and whether it was met, and the machine.</summary>
public sealed record WorkloadResult
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public required string Workload { get; init; }
    public required string Description { get; init; }
    public required bool Quick { get; init; }
    public required int Runs { get; init; }
    public required int Cores { get; init; }
    public required string Commit { get; init; }
    public required DateTimeOffset At { get; init; }
    public required IReadOnlyDictionary<string, Figure> Figures { get; init; }
    public required string Target { get; init; }

    /// <summary>Null when the run cannot judge it (e.g. <c>--quick</c>, or the figure is missing).</summary>
    public bool? TargetMet { get; init; }

    public string? Notes { get; init; }

    /// <summary>
    /// The machine's 1-minute load average when the workload ended: on a shared machine, the context a latency
    /// figure needs (the tool's processes may be competing with others for the cores).
    /// </summary>
    public double? LoadAverage { get; init; }

    public string ToJsonLine() => JsonSerializer.Serialize(this, Json);
}
