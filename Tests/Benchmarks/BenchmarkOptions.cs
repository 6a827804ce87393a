namespace JobScheduler.Benchmarks;

/// <summary>The command line: <c>[--quick] [--only B2,B3,B2O] [--runs N] [--b4-million] [--replica-acks N] [--b1-slots 2,4,8] [--b1-limit-attach]</c>.</summary>
public sealed record BenchmarkOptions
{
    /// <summary>Every workload, in the order they run.</summary>
    public static readonly IReadOnlyList<string> AllWorkloads = ["B1", "B2", "B3", "B4", "B5", "B6", "B7", "B8", "B9", "B10"];

    /// <summary>
    /// Workloads that run only when <c>--only</c> names them: B2O, B2 with metrics and traces off, on and pushed over
    /// OTLP, side by side (the overhead of observability).
    /// </summary>
    public static readonly IReadOnlyList<string> OnRequest = ["B2O"];

    /// <summary>Each workload at a tenth of its size (for CI: the tool runs, its timings are not judged).</summary>
    public bool Quick { get; init; }

    /// <summary>Runs per figure; each figure is the median of them. Default 3.</summary>
    public int Runs { get; init; } = 3;

    /// <summary>The workloads to run, e.g. B2 and B3.</summary>
    public IReadOnlyList<string> Only { get; init; } = AllWorkloads;

    /// <summary>B4 also at 1,000,000 pending jobs (slow: hours of submissions on a 2-core machine).</summary>
    public bool B4Million { get; init; }

    /// <summary>
    /// When set, Redis gets one replica and every cluster runs with <c>Scheduler:Redis:ReplicaAcks</c> = this value
    /// (0 measures the replica alone; 1 the cost of waiting for it). Default: no replica.
    /// </summary>
    public int? ReplicaAcks { get; init; }

    /// <summary>
    /// B1's concurrencies: for each, the Docker limit at that concurrency and the scheduler on one silo with that many
    /// worker slots. Default: 4 alone. Several make a sweep that names the best concurrency for the engine.
    /// </summary>
    public IReadOnlyList<int> B1Slots { get; init; } = [4];

    /// <summary>
    /// <c>--b1-limit-attach</c>: B1 also measures the engine's limit with each container's output attached before its
    /// start, as the worker does, to show what the attach costs the engine.
    /// </summary>
    public bool B1LimitAttach { get; init; }

    /// <summary>The most worker slots <c>--b1-slots</c> takes.</summary>
    public const int MaxB1Slots = 64;

    /// <summary>A size scaled for <see cref="Quick"/>: a tenth, at least one.</summary>
    public int Size(int full) => Quick ? Math.Max(1, full / 10) : full;

    /// <summary>A duration scaled for <see cref="Quick"/>.</summary>
    public TimeSpan Span(TimeSpan full) => Quick ? full / 10 : full;

    public static BenchmarkOptions Parse(IReadOnlyList<string> args)
    {
        var options = new BenchmarkOptions();
        for (var i = 0; i < args.Count; i++)
        {
            options = args[i] switch
            {
                "--quick" => options with { Quick = true },
                "--b4-million" => options with { B4Million = true },
                "--runs" when i + 1 < args.Count && int.TryParse(args[++i], out var runs) && runs >= 1 => options with { Runs = runs },
                "--replica-acks" when i + 1 < args.Count && int.TryParse(args[++i], out var acks) && acks is >= 0 and <= 1 => options with { ReplicaAcks = acks },
                "--only" when i + 1 < args.Count => options with { Only = ParseOnly(args[++i]) },
                "--b1-limit-attach" => options with { B1LimitAttach = true },
                "--b1-slots" when i + 1 < args.Count => options with { B1Slots = ParseSlots(args[++i]) },
                _ => throw new ArgumentException($"Unknown or incomplete argument '{args[i]}'. Usage: [--quick] [--only B1,B2,...] [--runs N] [--b4-million] [--replica-acks 0|1] [--b1-slots 2,4,8] [--b1-limit-attach]"),
            };
        }
        return options;
    }

    private static string[] ParseOnly(string list)
    {
        var ids = list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(s => s.ToUpperInvariant()).ToArray();
        var known = AllWorkloads.Concat(OnRequest).ToArray();
        var unknown = ids.Except(known).ToArray();
        if (unknown.Length > 0 || ids.Length == 0)
            throw new ArgumentException($"--only takes workload ids from {string.Join(",", known)}; got '{list}'.");
        return [.. known.Where(ids.Contains)];
    }

    private static int[] ParseSlots(string list)
    {
        var parts = list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var slots = parts.Select(p => int.TryParse(p, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) ? n : 0).ToArray();
        if (slots.Length == 0 || slots.Any(n => n is < 1 or > MaxB1Slots))
            throw new ArgumentException($"--b1-slots takes worker-slot counts from 1 to {MaxB1Slots}, comma-separated (e.g. 2,4,8); got '{list}'.");
        return [.. slots.Distinct().Order()];
    }
}
