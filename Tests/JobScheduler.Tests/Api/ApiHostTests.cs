using System.Net;
using System.Text.Json;
using JobScheduler.Tests.Infrastructure;

namespace JobScheduler.Tests.Api;

/// <summary>The host's documentation, probes and fallbacks.</summary>
[Collection(EmbeddedApiCollection.Name)]
public sealed class ApiHostTests(EmbeddedApiFixture api)
{
    private readonly HttpClient _client = api.CreateClient();

    [Fact]
    public async Task Docs_ServesTheScalarReferencePage()
    {
        using var response = await _client.GetAsync("/docs");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("<title>JobScheduler API</title>", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task OpenApi_ListsEveryJobOperationWithItsResponses()
    {
        using var response = await _client.GetAsync("/openapi/v1.json");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var paths = document.RootElement.GetProperty("paths");
        var operations = new Dictionary<string, (string Path, string Method)>
        {
            ["SubmitJob"] = ("/api/v1/jobs", "post"),
            ["ListJobs"] = ("/api/v1/jobs", "get"),
            ["GetJob"] = ("/api/v1/jobs/{id}", "get"),
            ["GetJobLogs"] = ("/api/v1/jobs/{id}/logs", "get"),
            ["CancelJob"] = ("/api/v1/jobs/{id}/cancel", "post"),
        };
        foreach (var (name, (path, method)) in operations)
        {
            var operation = paths.GetProperty(path).GetProperty(method);
            Assert.Equal(name, operation.GetProperty("operationId").GetString());
            Assert.False(string.IsNullOrWhiteSpace(operation.GetProperty("summary").GetString()));
            Assert.False(string.IsNullOrWhiteSpace(operation.GetProperty("description").GetString()));
        }
        var submit = paths.GetProperty("/api/v1/jobs").GetProperty("post");
        Assert.True(submit.GetProperty("requestBody").GetProperty("content").TryGetProperty("application/json", out _));
        foreach (var status in new[] { "202", "400", "413", "415", "503" })
            Assert.True(submit.GetProperty("responses").TryGetProperty(status, out _), $"SubmitJob does not document {status}.");
    }

    [Fact]
    public async Task OpenApi_DescribesJobStatesAsStrings()
    {
        using var document = JsonDocument.Parse(await _client.GetStringAsync("/openapi/v1.json"));

        var state = document.RootElement.GetProperty("components").GetProperty("schemas").GetProperty("JobState");
        var names = state.GetProperty("enum").EnumerateArray().Select(e => e.GetString()).ToArray();
        Assert.Contains("Queued", names);
        Assert.Contains("Succeeded", names);
    }

    [Fact]
    public async Task Live_Returns200()
    {
        using var response = await _client.GetAsync("/health/live");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Ready_ReportsEachCheckAsJson()
    {
        using var response = await _client.GetAsync("/health/ready");

        // 503 is a correct answer when Docker or the cluster is down; the body must explain it either way.
        Assert.Contains(response.StatusCode, new[] { HttpStatusCode.OK, HttpStatusCode.ServiceUnavailable });
        using var report = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Contains(report.RootElement.GetProperty("status").GetString(), new[] { "Healthy", "Degraded", "Unhealthy" });
        foreach (var check in report.RootElement.GetProperty("checks").EnumerateArray())
        {
            Assert.False(string.IsNullOrEmpty(check.GetProperty("name").GetString()));
            Assert.False(string.IsNullOrEmpty(check.GetProperty("status").GetString()));
        }
    }

    [Fact]
    public async Task UnknownRoute_Returns404Problem()
    {
        using var response = await _client.GetAsync("/api/v1/nothing-here");

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task WrongMethod_Returns405Problem()
    {
        using var response = await _client.DeleteAsync("/api/v1/jobs/some-id");

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.MethodNotAllowed);
    }
}
