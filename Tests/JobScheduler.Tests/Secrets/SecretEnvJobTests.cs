using System.Net;
using JobScheduler.Grains.Interfaces;
using JobScheduler.Tests.Infrastructure;

namespace JobScheduler.Tests.Secrets;

/// <summary>
/// Secrets end to end in embedded mode (REST API, job grain, worker, real Docker engine): the container sees the value,
/// no answer of the API carries it, and a job's names are listed instead.
/// </summary>
[Collection(EmbeddedApiCollection.Name)]
[Trait("Category", "Docker")]
public sealed class SecretEnvJobTests(EmbeddedApiFixture api)
{
    private const string Image = "busybox:latest";
    private static readonly TimeSpan RunTimeout = TimeSpan.FromSeconds(60);
    private readonly HttpClient _http = api.CreateClient();
    private JobsHttpClient Jobs => new(_http);

    [Fact]
    public async Task Job_WithSecretEnv_ContainerSeesValueAndNoAnswerCarriesIt()
    {
        var marker = "marker-" + Guid.NewGuid().ToString("N");
        var label = Guid.NewGuid().ToString("N");
        var spec = new JobSpec
        {
            Image = Image,
            // Fails, so that it can be requeued: every answer on the way is checked.
            Command = ["sh", "-c", "echo \"token=$TOKEN plain=$PLAIN\"; exit 1"],
            Env = new Dictionary<string, string> { ["PLAIN"] = "visible" },
            SecretEnv = new Dictionary<string, string> { ["TOKEN"] = marker, ["OTHER"] = marker + "-2" },
            Labels = new Dictionary<string, string> { ["test"] = label },
            Retry = new RetryPolicy { MaxAttempts = 1 },
        };

        var (submitAnswer, submitted) = await SubmitAsync(spec, idempotencyKey: label);
        Assert.DoesNotContain(marker, submitAnswer, StringComparison.Ordinal);
        Assert.Equal(["OTHER", "TOKEN"], submitted.SecretEnvNames);
        Assert.Empty(submitted.Spec.SecretEnv);
        Assert.Equal("visible", submitted.Spec.Env["PLAIN"]);

        // The same key again: the stored job, unchanged, still without values.
        var (againAnswer, again) = await SubmitAsync(spec, idempotencyKey: label);
        Assert.Equal(submitted.Id, again.Id);
        Assert.DoesNotContain(marker, againAnswer, StringComparison.Ordinal);

        var failed = await Jobs.WaitForTerminalAsync(submitted.Id, RunTimeout);
        Assert.Equal(JobState.Failed, failed.State);
        Assert.Equal($"token={marker} plain=visible\n", (await Jobs.GetLogsAsync(submitted.Id)).Stdout);

        Assert.DoesNotContain(marker, await _http.GetStringAsync($"/api/v1/jobs/{submitted.Id}"), StringComparison.Ordinal);
        var listing = await _http.GetStringAsync($"/api/v1/jobs?label=test={label}");
        Assert.Contains(submitted.Id, listing, StringComparison.Ordinal);
        Assert.DoesNotContain(marker, listing, StringComparison.Ordinal);

        // A requeued attempt decrypts the same stored secret again.
        using var requeued = await _http.PostAsync($"/api/v1/jobs/{submitted.Id}/requeue", content: null);
        var requeueAnswer = await requeued.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, requeued.StatusCode);
        Assert.DoesNotContain(marker, requeueAnswer, StringComparison.Ordinal);
        await Jobs.WaitUntilAsync(submitted.Id, j => j.State.IsTerminal() && j.Attempts.Count == 2, RunTimeout, "to end its requeued attempt");
        Assert.Equal($"token={marker} plain=visible\n", (await Jobs.GetLogsAsync(submitted.Id)).Stdout);

        using var cancelled = await _http.PostAsync($"/api/v1/jobs/{submitted.Id}/cancel", content: null);
        Assert.Equal(HttpStatusCode.OK, cancelled.StatusCode);
        Assert.DoesNotContain(marker, await cancelled.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cancel_RunningJobWithSecretEnv_AnswerCarriesNoValue()
    {
        var marker = "marker-" + Guid.NewGuid().ToString("N");
        var (_, job) = await SubmitAsync(new JobSpec
        {
            Image = Image,
            Command = ["sh", "-c", "echo started; sleep 600"],
            SecretEnv = new Dictionary<string, string> { ["TOKEN"] = marker },
        }, idempotencyKey: null);
        await Jobs.WaitUntilAsync(job.Id, j => j.CurrentAttempt?.ContainerId is not null, RunTimeout, "to start its container");

        using var cancelled = await _http.PostAsync($"/api/v1/jobs/{job.Id}/cancel", content: null);

        Assert.Equal(HttpStatusCode.OK, cancelled.StatusCode);
        var answer = await cancelled.Content.ReadAsStringAsync();
        Assert.DoesNotContain(marker, answer, StringComparison.Ordinal);
        Assert.Contains("\"secretEnvNames\":[\"TOKEN\"]", answer, StringComparison.Ordinal);
    }

    private async Task<(string Answer, JobRecord Job)> SubmitAsync(JobSpec spec, string? idempotencyKey)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/jobs") { Content = JsonContent(spec) };
        if (idempotencyKey is not null)
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        using var response = await _http.SendAsync(request);
        var answer = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"submit answered {(int)response.StatusCode}: {answer}");
        return (answer, System.Text.Json.JsonSerializer.Deserialize<JobRecord>(answer, SchedulerCluster.Json)!);
    }

    private static System.Net.Http.Json.JsonContent JsonContent(JobSpec spec) => System.Net.Http.Json.JsonContent.Create(spec, options: SchedulerCluster.Json);
}
