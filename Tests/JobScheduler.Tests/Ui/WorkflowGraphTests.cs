using JobScheduler.Client.Api.Ui.Components;
using JobScheduler.Grains.Interfaces;

namespace JobScheduler.Tests.Ui;

/// <summary>The layered layout of a workflow's drawing: columns by dependency depth, one arrow per dependency.</summary>
public sealed class WorkflowGraphTests
{
    [Fact]
    public void Of_Diamond_ColumnsFollowTheLongestChainOfDependencies()
    {
        var graph = WorkflowGraph.Of(
        [
            Step("fetch"),
            Step("left", "fetch"),
            Step("right", "fetch"),
            Step("deep", "left"),
            Step("join", "left", "right", "deep"),
        ]);

        var column = graph.Nodes.ToDictionary(n => n.Step.Name, n => n.Column);
        Assert.Equal(0, column["fetch"]);
        Assert.Equal(1, column["left"]);
        Assert.Equal(1, column["right"]);
        Assert.Equal(2, column["deep"]);
        Assert.Equal(3, column["join"]); // after deep, its longest chain, not after left
        Assert.Equal(6, graph.Edges.Count);
        Assert.All(graph.Edges, e => Assert.True(e.From.X + WorkflowGraph.NodeWidth < e.To.X, "every arrow points right"));
    }

    [Fact]
    public void Of_OneColumn_NodesDoNotOverlapAndFitTheDrawing()
    {
        var graph = WorkflowGraph.Of([Step("a"), Step("b"), Step("c")]);

        var tops = graph.Nodes.Select(n => n.Y).Order().ToArray();
        for (var i = 1; i < tops.Length; i++)
            Assert.True(tops[i] - tops[i - 1] >= WorkflowGraph.NodeHeight, "boxes in a column do not overlap");
        Assert.All(graph.Nodes, n => Assert.True(n.X + WorkflowGraph.NodeWidth <= graph.Width && n.Y + WorkflowGraph.NodeHeight <= graph.Height));
        Assert.Empty(graph.Edges);
    }

    [Fact]
    public void Of_UnknownDependency_IsIgnored()
    {
        var graph = WorkflowGraph.Of([Step("a", "missing")]);

        Assert.Equal(0, Assert.Single(graph.Nodes).Column);
        Assert.Empty(graph.Edges);
    }

    private static WorkflowStepStatus Step(string name, params string[] dependsOn) =>
        new() { Name = name, DependsOn = dependsOn, State = WorkflowStepState.Pending };
}
