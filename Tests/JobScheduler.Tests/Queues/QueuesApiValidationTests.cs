using System.Net;
using System.Net.Http.Json;
using System.Text;
using JobScheduler.Grains.Interfaces;
using JobScheduler.Tests.Api;
using JobScheduler.Tests.Infrastructure;

namespace JobScheduler.Tests.Queues;

/// <summary>Bad queue settings and jobs asking for more than their queue allows are refused, naming the field; nothing changes.</summary>
[Collection(EmbeddedApiCollection.Name)]
public sealed class QueuesApiValidationTests(EmbeddedApiFixture api)
{
    private readonly HttpClient _client = api.CreateClient();
    private readonly QueuesHttpClient _queues = new(api.CreateClient());

    [Theory]
    [InlineData("""{"concurrencyLimit": 0}""", "concurrencyLimit")]
    [InlineData("""{"concurrencyLimit": 100001}""", "concurrencyLimit")]
    [InlineData("""{"retry": {"maxAttempts": 0}}""", "retry.maxAttempts")]
    [InlineData("""{"resources": {"memoryMb": 1}}""", "resources.memoryMb")]
    [InlineData("""{"allowNetwork": "yes"}""", "allowNetwork")]
    [InlineData("""{"paused": true}""", "paused")]
    [InlineData("""{"user": ""}""", "user")]
    [InlineData("""{"user": "0:0:0"}""", "user")]
    [InlineData("""{"user": "root;id"}""", "user")]
    [InlineData("""{"user": "a\u0007b"}""", "user")]
    [InlineData("""{"user": "99999999999"}""", "user")]
    [InlineData("""{"writableRootFilesystem": "yes"}""", "writableRootFilesystem")]
    public async Task Put_InvalidSettings_NamesTheFieldAndKeepsTheOldSettings(string body, string field)
    {
        var queue = QueuesHttpClient.UniqueName("invalid");
        await _queues.UpdateAsync(queue, new QueueSettings { ConcurrencyLimit = 7 });

        using var response = await _client.PutAsync($"/api/v1/queues/{queue}", Json(body));

        await ProblemAssert.NamesFieldAsync(response, field);
        Assert.Equal(7, (await _queues.GetAsync(queue)).Settings.ConcurrencyLimit);
    }

    [Theory]
    [InlineData("GET", "/api/v1/queues/Not_Valid")]
    [InlineData("POST", "/api/v1/queues/Not_Valid/pause")]
    public async Task InvalidQueueName_IsNamedAsTheProblem(string method, string path)
    {
        using var response = await _client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));

        await ProblemAssert.NamesFieldAsync(response, "name");
    }

    [Fact]
    public async Task NetworkedJob_RefusedUnlessTheQueueAllowsNetwork()
    {
        var queue = QueuesHttpClient.UniqueName("network");
        var spec = new JobSpec { Image = "busybox:latest", Command = ["true"], Queue = queue, Network = JobNetworks.Bridge };

        using (var refused = await _client.PostAsJsonAsync("/api/v1/jobs", spec, SchedulerCluster.Json))
            await ProblemAssert.NamesFieldAsync(refused, "network");
        Assert.Equal(0, (await _queues.GetAsync(queue)).Depth.Values.Sum());

        await _queues.UpdateAsync(queue, new QueueSettings { AllowNetwork = true });
        // Accepted into a paused queue, so the test needs no bridge network on this engine.
        await _queues.PauseAsync(queue);
        using var accepted = await _client.PostAsJsonAsync("/api/v1/jobs", spec, SchedulerCluster.Json);
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        var job = await SchedulerCluster.ReadAsync<JobRecord>(accepted);
        using var cancelled = await _client.PostAsync($"/api/v1/jobs/{job.Id}/cancel", null);
        cancelled.EnsureSuccessStatusCode();
    }

    [Theory]
    [InlineData("""{"image": "busybox", "command": ["true"], "maxConcurrent": 2}""", "maxConcurrent")]
    [InlineData("""{"image": "busybox", "command": ["true"], "concurrencyKey": "a b"}""", "concurrencyKey")]
    [InlineData("""{"image": "busybox", "command": ["true"], "concurrencyKey": "k", "maxConcurrent": 0}""", "maxConcurrent")]
    [InlineData("""{"image": "busybox", "command": ["true"], "network": "host"}""", "network")]
    public async Task Submit_InvalidQueueOptions_NamesTheField(string body, string field)
    {
        using var response = await _client.PostAsync("/api/v1/jobs", Json(body));

        await ProblemAssert.NamesFieldAsync(response, field);
    }

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");
}
