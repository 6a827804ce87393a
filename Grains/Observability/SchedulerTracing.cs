using System.Diagnostics;

namespace JobScheduler.Grains.Observability;

/// <summary>
/// The <c>JobScheduler</c> activity source: a worker's claim of a job, the attempt it runs, the container's run and
/// each engine call within it, with the job id and the attempt as attributes. Activities cost nothing while no
/// listener samples them (no OTLP endpoint configured).
/// </summary>
public static class SchedulerTracing
{
    /// <summary>The source's name, which a tracing pipeline subscribes to.</summary>
    public const string SourceName = "JobScheduler";

    /// <summary>The attribute carrying the job id.</summary>
    public const string JobIdAttribute = "jobscheduler.job.id";

    /// <summary>The attribute carrying the attempt number.</summary>
    public const string AttemptAttribute = "jobscheduler.attempt";

    /// <summary>The attribute carrying the job's queue.</summary>
    public const string QueueAttribute = "jobscheduler.queue";

    /// <summary>The attribute naming an engine call.</summary>
    public const string CallAttribute = "jobscheduler.docker.call";

    /// <summary>The source every scheduler activity starts from.</summary>
    public static ActivitySource Source { get; } = new(SourceName);

    /// <summary>A worker claiming <paramref name="jobId"/>; the attempt it starts is its child.</summary>
    public static Activity? StartClaim(string jobId) =>
        Source.StartActivity("jobscheduler.claim")?.SetTag(JobIdAttribute, jobId);

    /// <summary>
    /// A worker running one attempt, from its start to the report of its result. With the submit request's trace context
    /// (<paramref name="traceParent"/>) the attempt continues that trace, linked to the claim that started it; without
    /// one it is the claim's child.
    /// </summary>
    public static Activity? StartAttempt(string jobId, int attempt, string queue, string? traceParent = null)
    {
        var activity = ActivityContext.TryParse(traceParent, null, out var submitted)
            ? Source.StartActivity("jobscheduler.attempt", ActivityKind.Internal, submitted,
                links: Activity.Current is { } claim ? [new ActivityLink(claim.Context)] : null)
            : Source.StartActivity("jobscheduler.attempt");
        return activity?.SetTag(JobIdAttribute, jobId).SetTag(AttemptAttribute, attempt).SetTag(QueueAttribute, queue);
    }

    /// <summary>The container of one attempt: create, start, wait and remove are its children.</summary>
    public static Activity? StartContainer(string jobId, int attempt, string image) =>
        Source.StartActivity("jobscheduler.container", ActivityKind.Client)?.SetTag(JobIdAttribute, jobId).SetTag(AttemptAttribute, attempt)
            .SetTag("container.image.name", image);

    /// <summary>One call to the container engine, named <c>docker.&lt;call&gt;</c>.</summary>
    public static Activity? StartEngineCall(string call) =>
        Source.StartActivity("docker." + call, ActivityKind.Client)?.SetTag(CallAttribute, call);
}
