using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using JobScheduler.Grains.Interfaces;
using JobScheduler.Tests.Infrastructure;
using Xunit.Abstractions;

namespace JobScheduler.Tests.Deploy;

/// <summary>
/// deploy/compose end to end: Redis (AOF), three silos, two API processes and Prometheus from the images, on the host's
/// network; a container job submitted through one API process runs on the host's engine through the mounted socket.
/// </summary>
[Collection(DeployCollection.Name)]
[Trait("Category", "Deploy")]
public sealed class ComposeStackTests(DeployImagesFixture images, ITestOutputHelper output)
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(3);

    [Fact]
    public async Task ComposeStack_ContainerJob_SucceedsWithLogsAndEveryProcessHealthy()
    {
        output.WriteLine($"images built for the collection in {images.BuildTime.TotalSeconds:0} s");
        var watch = Stopwatch.StartNew();
        await using var stack = await ComposeStack.UpAsync();
        try
        {
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
            var apis = stack.ApiPorts.Select(port => ApiClient(port)).ToArray();

            // Every process serves its liveness endpoint, and the silos' workers reach the engine (/health/ready).
            foreach (var port in stack.SiloHttpPorts)
            {
                await Eventually.Async(() => AnswersOkAsync(http, $"http://127.0.0.1:{port}/health/live"), StartTimeout, $"silo on {port} to be live");
                await Eventually.Async(() => AnswersOkAsync(http, $"http://127.0.0.1:{port}/health/ready"), StartTimeout, $"silo on {port} to reach Docker");
            }

            foreach (var port in stack.ApiPorts)
                await Eventually.Async(() => AnswersOkAsync(http, $"http://127.0.0.1:{port}/health/live"), StartTimeout, $"API on {port} to be live");
            output.WriteLine($"stack up and live after {watch.Elapsed.TotalSeconds:0} s");

            // A container job through the first API process with the bootstrap key; it runs on the host's engine.
            var spec = new JobSpec { Image = "busybox:latest", Command = ["sh", "-c", "echo hello from compose; echo oops >&2"] };
            JobRecord? submitted = null;
            await Eventually.Async(async () => (submitted = await TrySubmitAsync(apis[0], spec)) is not null, StartTimeout,
                "the first API process to accept a job (202) once the cluster is up");
            output.WriteLine($"job accepted after {watch.Elapsed.TotalSeconds:0} s");
            var job = await new JobsHttpClient(apis[0]).WaitForTerminalAsync(submitted!.Id, TimeSpan.FromMinutes(2));
            Assert.True(job.State == JobState.Succeeded, $"job ended {job.State}: {JsonSerializer.Serialize(job)}");
            output.WriteLine($"job succeeded after {watch.Elapsed.TotalSeconds:0} s");

            // Both API processes serve the job and its logs (they share the cluster and Redis).
            foreach (var api in apis)
            {
                JobLogs? logs = null;
                await Eventually.Async(async () => (logs = await TryGetLogsAsync(api, job.Id)) is not null, StartTimeout, "the job's logs to be served");
                Assert.Equal("hello from compose\n", logs!.Stdout);
                Assert.Equal("oops\n", logs.Stderr);
            }

            // Docker's own view: every container of the stack passes its HEALTHCHECK (the images' bash check for the silos
            // and the APIs, redis-cli for Redis).
            foreach (var service in ComposeStack.Services.Where(s => s != "prometheus"))
                await Eventually.Async(async () => await stack.HealthAsync(service) == "healthy", StartTimeout, $"{service}'s container to be healthy");

            output.WriteLine($"every container healthy after {watch.Elapsed.TotalSeconds:0} s");

            // Prometheus runs deploy/prometheus's configuration and rules and scrapes the three silos.
            await Eventually.Async(() => SilosScrapedAsync(http, stack.PrometheusPort), TimeSpan.FromMinutes(1), "Prometheus to scrape the three silos");
            output.WriteLine($"Prometheus scraped the silos after {watch.Elapsed.TotalSeconds:0} s");
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            output.WriteLine(await stack.LogsAsync());
            throw;
        }
    }

    private static HttpClient ApiClient(int port)
    {
        var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(15) };
        return TestAuth.Authorize(client);
    }

    private static async Task<bool> AnswersOkAsync(HttpClient http, string url)
    {
        try
        {
            using var response = await http.GetAsync(url);
            return response.StatusCode == HttpStatusCode.OK;
        }
        catch (HttpRequestException)
        {
            return false; // not listening yet
        }
        catch (TaskCanceledException)
        {
            return false; // a process still starting on a loaded machine
        }
    }

    private static async Task<JobRecord?> TrySubmitAsync(HttpClient api, JobSpec spec)
    {
        try
        {
            using var response = await api.PostAsJsonAsync("/api/v1/jobs", spec, SchedulerCluster.Json);
            if (response.StatusCode == HttpStatusCode.ServiceUnavailable)
                return null; // the API process has not reached the cluster yet
            Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"submit answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
            return await SchedulerCluster.ReadAsync<JobRecord>(response);
        }
        catch (HttpRequestException)
        {
            return null;
        }
    }

    private static async Task<JobLogs?> TryGetLogsAsync(HttpClient api, string id)
    {
        try
        {
            return await new JobsHttpClient(api).GetLogsAsync(id);
        }
        catch (HttpRequestException e) when (e.StatusCode == HttpStatusCode.ServiceUnavailable)
        {
            return null; // this API process has not reached the cluster yet
        }
    }

    private static async Task<bool> SilosScrapedAsync(HttpClient http, int prometheusPort)
    {
        try
        {
            var answer = await http.GetFromJsonAsync<JsonElement>(
                $"http://127.0.0.1:{prometheusPort}/api/v1/query?query=" + Uri.EscapeDataString("sum(up{job=\"jobscheduler-silo\"})"));
            var result = answer.GetProperty("data").GetProperty("result");
            return result.GetArrayLength() == 1 && result[0].GetProperty("value")[1].GetString() == "3";
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }
}
