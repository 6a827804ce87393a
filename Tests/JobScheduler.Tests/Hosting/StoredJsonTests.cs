using System.Text.Json;
using JobScheduler.Grains.Hosting;
using JobScheduler.Grains.Interfaces;
using JobScheduler.Grains.Jobs;

namespace JobScheduler.Tests.Hosting;

/// <summary>Grain state is stored without what reads back the same when left out: nulls and empty collections.</summary>
public sealed class StoredJsonTests
{
    private static readonly JsonSerializerOptions Options = Create();

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions();
        StoredJson.Configure(options);
        return options;
    }

    [Fact]
    public void Serialize_NewJob_LeavesOutNullsAndEmptyCollectionsAndReadsBackEqual()
    {
        var job = JobStateMachine.Create("j1", new JobSpec { Image = "busybox:latest", Command = ["true"] }, null, DateTimeOffset.UnixEpoch);

        var json = JsonSerializer.Serialize(new JobGrainState { Job = job }, Options);
        var read = JsonSerializer.Deserialize<JobGrainState>(json, Options)!;

        foreach (var absent in new[] { "\"Actions\"", "\"SecretEnvNames\"", "\"SubmittedBy\"", "\"Env\"", "\"Labels\"", "\"Attempts\"", "null" })
            Assert.DoesNotContain(absent, json, StringComparison.Ordinal);
        Assert.Equal(JsonSerializer.Serialize(job), JsonSerializer.Serialize(read.Job));
        Assert.Empty(read.Job!.Actions);
        Assert.Empty(read.Job.Spec.Env);
    }

    [Fact]
    public void Serialize_EmptyNullableCollection_IsKeptBecauseItMeansSomethingElseThanNull()
    {
        var spec = new JobSpec { Image = "busybox:latest", Command = ["true"], Retry = new RetryPolicy { NonRetryableExitCodes = [] } };

        var read = JsonSerializer.Deserialize<JobSpec>(JsonSerializer.Serialize(spec, Options), Options)!;

        Assert.NotNull(read.Retry!.NonRetryableExitCodes);
        Assert.Empty(read.Retry.NonRetryableExitCodes);
        Assert.Null(read.Retry.MaxAttempts);
    }
}
