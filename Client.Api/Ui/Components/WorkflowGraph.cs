using JobScheduler.Grains.Interfaces;

namespace JobScheduler.Client.Api.Ui.Components;

/// <summary>
/// Where a workflow's steps go in its drawing: a layered layout, left to right. A step's column is its dependency depth
/// (the longest chain of dependencies above it: roots in column 0); within a column, steps are ordered by the mean row
/// of their dependencies (then by spec order), which keeps most arrows short and uncrossed.
/// </summary>
public sealed class WorkflowGraph
{
    /// <summary>A node's width in SVG units.</summary>
    public const double NodeWidth = 180;

    /// <summary>A node's height in SVG units.</summary>
    public const double NodeHeight = 52;

    /// <summary>The space between two columns.</summary>
    public const double ColumnGap = 70;

    /// <summary>The space between two rows.</summary>
    public const double RowGap = 18;

    /// <summary>The margin around the drawing.</summary>
    public const double Margin = 12;

    private WorkflowGraph(IReadOnlyList<Node> nodes, IReadOnlyList<Edge> edges, double width, double height)
    {
        Nodes = nodes;
        Edges = edges;
        Width = width;
        Height = height;
    }

    /// <summary>The steps with their places, in spec order.</summary>
    public IReadOnlyList<Node> Nodes { get; }

    /// <summary>One arrow per dependency, from the dependency's right edge to the dependent's left edge.</summary>
    public IReadOnlyList<Edge> Edges { get; }

    /// <summary>The drawing's width.</summary>
    public double Width { get; }

    /// <summary>The drawing's height.</summary>
    public double Height { get; }

    /// <summary>Lays out <paramref name="steps"/> (names unique; dependencies on unknown names are ignored; no cycles).</summary>
    public static WorkflowGraph Of(IReadOnlyList<WorkflowStepStatus> steps)
    {
        ArgumentNullException.ThrowIfNull(steps);
        var byName = new Dictionary<string, WorkflowStepStatus>(StringComparer.Ordinal);
        foreach (var step in steps)
            byName.TryAdd(step.Name, step);
        var depth = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var step in steps)
            DepthOf(step.Name, byName, depth, []);

        var order = steps.Select((s, i) => (s.Name, i)).ToDictionary(p => p.Name, p => p.i, StringComparer.Ordinal);
        var row = new Dictionary<string, double>(StringComparer.Ordinal);
        var columns = steps.GroupBy(s => depth[s.Name]).OrderBy(g => g.Key).ToList();
        foreach (var column in columns)
        {
            var placed = column
                .OrderBy(s => Known(s, byName).Select(d => row[d]).DefaultIfEmpty(double.MaxValue).Average())
                .ThenBy(s => order[s.Name])
                .ToList();
            for (var i = 0; i < placed.Count; i++)
                row[placed[i].Name] = i;
        }

        var rows = columns.Count == 0 ? 0 : columns.Max(c => c.Count());
        var height = Margin * 2 + rows * NodeHeight + Math.Max(0, rows - 1) * RowGap;
        var nodes = steps.Select(s =>
        {
            var columnSize = columns[depth[s.Name]].Count();
            // A shorter column is centred vertically against the tallest one.
            var offset = (rows - columnSize) * (NodeHeight + RowGap) / 2;
            return new Node(s, depth[s.Name], Margin + depth[s.Name] * (NodeWidth + ColumnGap), Margin + offset + row[s.Name] * (NodeHeight + RowGap));
        }).ToList();
        var at = nodes.ToDictionary(n => n.Step.Name, StringComparer.Ordinal);
        var edges = nodes
            .SelectMany(n => Known(n.Step, byName).Select(d => new Edge(at[d], n)))
            .ToList();
        var width = Margin * 2 + columns.Count * NodeWidth + Math.Max(0, columns.Count - 1) * ColumnGap;
        return new WorkflowGraph(nodes, edges, width, height);
    }

    private static IEnumerable<string> Known(WorkflowStepStatus step, Dictionary<string, WorkflowStepStatus> byName) =>
        step.DependsOn.Where(byName.ContainsKey).Distinct(StringComparer.Ordinal);

    private static int DepthOf(string name, Dictionary<string, WorkflowStepStatus> byName, Dictionary<string, int> depth, HashSet<string> visiting)
    {
        if (depth.TryGetValue(name, out var known))
            return known;
        // A cycle cannot come from the API (it validates the DAG); if one did, its steps are drawn as roots.
        if (!visiting.Add(name))
            return 0;
        var parents = Known(byName[name], byName).ToList();
        var value = parents.Count == 0 ? 0 : parents.Max(p => DepthOf(p, byName, depth, visiting) + 1);
        visiting.Remove(name);
        depth[name] = value;
        return value;
    }

    /// <summary>A step and the top-left corner of its box.</summary>
    /// <param name="Step">The step.</param>
    /// <param name="Column">Its dependency depth.</param>
    /// <param name="X">The box's left.</param>
    /// <param name="Y">The box's top.</param>
    public sealed record Node(WorkflowStepStatus Step, int Column, double X, double Y);

    /// <summary>An arrow from a dependency to a step that waits for it.</summary>
    /// <param name="From">The dependency.</param>
    /// <param name="To">The dependent step.</param>
    public sealed record Edge(Node From, Node To)
    {
        /// <summary>The arrow as an SVG path: a smooth curve from the middle of one box's right side to the other's left side.</summary>
        public string Path
        {
            get
            {
                var (x1, y1) = (From.X + NodeWidth, From.Y + NodeHeight / 2);
                var (x2, y2) = (To.X - 2, To.Y + NodeHeight / 2);
                var bend = (x2 - x1) / 2;
                return FormattableString.Invariant($"M {x1:0.#} {y1:0.#} C {x1 + bend:0.#} {y1:0.#}, {x2 - bend:0.#} {y2:0.#}, {x2:0.#} {y2:0.#}");
            }
        }
    }
}
