using System.Text.Json;
using JobScheduler.Grains.Interfaces;
using JobScheduler.Tests.Infrastructure;

namespace JobScheduler.Tests.Jobs;

/// <summary>
/// A job's effective settings are resolved at submission, shown by its GET, and outlive later changes to its queue.
/// </summary>
[Collection(EmbeddedApiCollection.Name)]
public sealed class EffectiveSettingsApiTests(EmbeddedApiFixture api)
{
    private readonly HttpClient _client = api.CreateClient();
    private readonly JobsHttpClient _jobs = new(api.CreateClient());
    private readonly QueuesHttpClient _queues = new(api.CreateClient());

    private static readonly QueueSettings Submitted = new()
    {
        Resources = new ResourceLimits { MemoryMb = 96 },
        Retry = new RetryPolicy { MaxAttempts = 5 },
    };

    [Fact]
    public async Task Get_JobLeavingSettingsOut_ShowsQueueAndServerValues()
    {
        var queue = QueuesHttpClient.UniqueName("effective");
        await _queues.UpdateAsync(queue, Submitted);
        var job = await SubmitLaterAsync(queue);

        var effective = await EffectiveJsonAsync(job.Id);

        Assert.Equal("01:00:00", effective.GetProperty("timeout").GetString());
        var resources = effective.GetProperty("resources");
        Assert.Equal(96, resources.GetProperty("memoryMb").GetInt32());
        Assert.Equal(1.0, resources.GetProperty("cpus").GetDouble());
        Assert.Equal(256, resources.GetProperty("pids").GetInt32());
        Assert.Equal("none", effective.GetProperty("network").GetString());
        Assert.Equal("65534:65534", effective.GetProperty("user").GetString());
        Assert.False(effective.GetProperty("writableRootFilesystem").GetBoolean());
        var retry = effective.GetProperty("retry");
        Assert.Equal(5, retry.GetProperty("maxAttempts").GetInt32());
        Assert.Equal("00:00:01", retry.GetProperty("initialBackoff").GetString());
        Assert.Equal("00:05:00", retry.GetProperty("maxBackoff").GetString());
        Assert.Equal("Proportional", retry.GetProperty("jitter").GetString());
        Assert.Equal([125, 126, 127], retry.GetProperty("nonRetryableExitCodes").EnumerateArray().Select(e => e.GetInt32()));
        await _jobs.CancelAsync(job.Id);
    }

    [Fact]
    public async Task Get_QueueSettingsChangedAfterSubmission_StillShowsTheSubmittedSettings()
    {
        var queue = QueuesHttpClient.UniqueName("effective-change");
        await _queues.UpdateAsync(queue, Submitted);
        var job = await SubmitLaterAsync(queue);

        await _queues.UpdateAsync(queue, new QueueSettings
        {
            Resources = new ResourceLimits { MemoryMb = 160, Pids = 99 },
            Retry = new RetryPolicy { MaxAttempts = 2 },
            User = "0:0",
            WritableRootFilesystem = true,
        });
        var read = await _jobs.GetAsync(job.Id);

        var effective = read.Effective!;
        Assert.Equal(96, effective.Resources.MemoryMb);
        Assert.Equal(256, effective.Resources.Pids);
        Assert.Equal(5, effective.Retry.MaxAttempts);
        Assert.Equal("65534:65534", effective.User);
        Assert.False(effective.WritableRootFilesystem);
        // A job submitted after the change gets the new values.
        var later = await SubmitLaterAsync(queue);
        Assert.Equal(160, later.Effective!.Resources.MemoryMb);
        Assert.Equal(2, later.Effective.Retry.MaxAttempts);
        Assert.Equal("0:0", later.Effective.User);
        await _jobs.CancelAsync(job.Id);
        await _jobs.CancelAsync(later.Id);
    }

    [Fact]
    public async Task OpenApi_JobRecord_DescribesEffectiveSettings()
    {
        using var document = JsonDocument.Parse(await _client.GetStringAsync("/openapi/v1.json"));

        var schemas = document.RootElement.GetProperty("components").GetProperty("schemas");
        Assert.True(schemas.GetProperty("JobRecord").GetProperty("properties").TryGetProperty("effective", out _));
        var effective = schemas.GetProperty("EffectiveJobSettings").GetProperty("properties");
        foreach (var name in new[] { "retry", "timeout", "resources", "network", "user", "writableRootFilesystem" })
            Assert.True(effective.TryGetProperty(name, out _), $"EffectiveJobSettings lacks {name}.");
    }

    private Task<JobRecord> SubmitLaterAsync(string queue) =>
        _jobs.SubmitAsync(new JobSpec { Image = "busybox:latest", Command = ["true"], Queue = queue, RunAt = DateTimeOffset.UtcNow.AddHours(1) });

    private async Task<JsonElement> EffectiveJsonAsync(string id)
    {
        using var document = JsonDocument.Parse(await _client.GetStringAsync($"/api/v1/jobs/{id}"));
        return document.RootElement.GetProperty("effective").Clone();
    }
}
