using System.Net;
using System.Net.Http.Json;
using JobScheduler.Grains.Interfaces;
using JobScheduler.Tests.Api;
using JobScheduler.Tests.Infrastructure;

namespace JobScheduler.Tests.Security;

/// <summary>Admission control: over a queue's maxPending a submission is 429 with Retry-After, naming the limit, and nothing is stored.</summary>
[Collection(EmbeddedApiCollection.Name)]
public sealed class AdmissionTests(EmbeddedApiFixture api)
{
    [Fact]
    public async Task Submit_OverTheQueuesMaxPending_Is429WithRetryAfterAndStoresNothing()
    {
        using var admin = api.CreateClient();
        var queue = QueuesHttpClient.UniqueName("admission");
        await new QueuesHttpClient(admin).UpdateAsync(queue, new QueueSettings { MaxPending = 2 });
        var jobs = new JobsHttpClient(admin);
        var later = new JobSpec { Image = "busybox:latest", Command = ["true"], Queue = queue, RunAt = DateTimeOffset.UtcNow.AddHours(1) };
        var first = await jobs.SubmitAsync(later);
        await jobs.SubmitAsync(later);

        using var refused = await admin.PostAsJsonAsync("/api/v1/jobs", later, SchedulerCluster.Json);

        var problem = await ProblemAssert.IsProblemAsync(refused, HttpStatusCode.TooManyRequests);
        Assert.Equal("queue.maxPending", problem.GetProperty("limit").GetString());
        Assert.Contains("maxPending is 2", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.True(refused.Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(1));
        var listed = await admin.GetFromJsonAsync<JobPage>($"/api/v1/jobs?queue={queue}", SchedulerCluster.Json);
        Assert.Equal(2, listed!.Total);

        // A waiting job that leaves makes room again.
        await jobs.CancelAsync(first.Id);
        var admitted = await jobs.SubmitAsync(later);
        Assert.Equal(JobState.Scheduled, admitted.State);
    }

    [Fact]
    public async Task QueueSettings_InvalidMaxPending_Is400NamingIt()
    {
        using var admin = api.CreateClient();
        using var response = await admin.PutAsJsonAsync($"/api/v1/queues/{QueuesHttpClient.UniqueName("bad-max")}", new { maxPending = 0 });

        await ProblemAssert.NamesFieldAsync(response, "maxPending");
    }
}
