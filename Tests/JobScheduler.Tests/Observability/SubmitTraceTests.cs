using System.Diagnostics;
using JobScheduler.Grains.Interfaces;
using JobScheduler.Grains.Observability;
using JobScheduler.Tests.Infrastructure;

namespace JobScheduler.Tests.Observability;

/// <summary>One trace from the submit request to the container: the attempt continues the trace of the request that submitted the job.</summary>
[Collection(EmbeddedApiCollection.Name)]
[Trait("Category", "Docker")]
public sealed class SubmitTraceTests(EmbeddedApiFixture api)
{
    [Fact]
    public async Task Attempt_OfAJobSubmittedInATracedRequest_ContinuesThatTraceDownToTheContainer()
    {
        var spans = new List<Activity>();
        using var listener = new ActivityListener
        {
            // What an OpenTelemetry pipeline with ASP.NET Core, Orleans and JobScheduler sources samples.
            ShouldListenTo = _ => true,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity =>
            {
                lock (spans)
                    spans.Add(activity);
            },
        };
        ActivitySource.AddActivityListener(listener);
        var trace = ActivityTraceId.CreateRandom();
        using var http = api.CreateClient();
        var jobs = new JobsHttpClient(http);
        http.DefaultRequestHeaders.Add("traceparent", $"00-{trace}-{ActivitySpanId.CreateRandom()}-01");

        var job = await jobs.SubmitAsync(new JobSpec { Image = "busybox:latest", Command = ["true"], Queue = "traced" });
        Assert.StartsWith($"00-{trace}-", job.TraceParent);
        await jobs.WaitForTerminalAsync(job.Id, TimeSpan.FromSeconds(60));

        Activity[] mine = [];
        await Eventually.Async(() =>
        {
            lock (spans)
                mine = [.. spans.Where(s => s.TraceId == trace)];
            return Task.FromResult(mine.Any(s => s.OperationName == "jobscheduler.attempt"));
        }, TimeSpan.FromSeconds(10), "the attempt's span in the submit request's trace");
        var attempt = Assert.Single(mine, s => s.OperationName == "jobscheduler.attempt" && Equals(s.GetTagItem(SchedulerTracing.JobIdAttribute), job.Id));
        Assert.Single(attempt.Links);
        var container = Assert.Single(mine, s => s.OperationName == "jobscheduler.container" && s.ParentSpanId == attempt.SpanId);
        Assert.Contains(mine, s => s.OperationName == "docker.start" && s.ParentSpanId == container.SpanId);
    }
}
