using System.Diagnostics;
using JobScheduler.Grains.Observability;
using JobScheduler.Tests.Infrastructure;
using static JobScheduler.Tests.Docker.DockerTestRuns;

namespace JobScheduler.Tests.Observability;

/// <summary>
/// The spans of one attempt's container on a real engine: under the attempt's span, the container's span carries the
/// job id and the attempt, and the engine calls (create, start, the wait for the exit, remove) are its children.
/// </summary>
[Collection(DockerCollection.Name)]
[Trait("Category", "Docker")]
public sealed class ContainerTracingTests(DockerEngineFixture docker)
{
    [Fact]
    public async Task RunAsync_UnderAnAttemptSpan_FormsOneTreeFromAttemptToRemove()
    {
        var spans = new List<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == SchedulerTracing.SourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity =>
            {
                lock (spans)
                    spans.Add(activity);
            },
        };
        ActivitySource.AddActivityListener(listener);
        var launch = Launch(["true"]);

        ActivityTraceId trace;
        using (var attempt = SchedulerTracing.StartAttempt(launch.JobId, launch.Attempt, "q1"))
        {
            Assert.NotNull(attempt);
            trace = attempt.TraceId;
            var result = await Runtime(docker.Client).RunAsync(launch, NoOpStarted, CancellationToken.None);
            Assert.True(result.Succeeded, result.FailureReason);
        }

        Activity[] mine;
        lock (spans)
            mine = spans.Where(s => s.TraceId == trace).ToArray();
        var root = Assert.Single(mine, s => s.OperationName == "jobscheduler.attempt");
        var container = Assert.Single(mine, s => s.OperationName == "jobscheduler.container");
        Assert.Equal(root.SpanId, container.ParentSpanId);
        Assert.Equal(launch.JobId, container.GetTagItem(SchedulerTracing.JobIdAttribute));
        Assert.Equal(launch.Attempt, container.GetTagItem(SchedulerTracing.AttemptAttribute));
        var calls = mine.Where(s => s.OperationName.StartsWith("docker.", StringComparison.Ordinal)).ToArray();
        Assert.All(calls, c => Assert.Equal(container.SpanId, c.ParentSpanId));
        var names = calls.Select(c => c.OperationName).ToHashSet();
        Assert.Superset(new HashSet<string> { "docker.create", "docker.start", "docker.wait_exit", "docker.remove" }, names);
    }
}
