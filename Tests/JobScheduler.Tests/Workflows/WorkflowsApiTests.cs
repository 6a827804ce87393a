using System.Net;
using System.Text;
using System.Text.Json;
using JobScheduler.Tests.Api;
using JobScheduler.Tests.Infrastructure;

namespace JobScheduler.Tests.Workflows;

/// <summary>Bad workflow requests get problems that name the step and field; unknown ids get 404. No container runs.</summary>
[Collection(EmbeddedApiCollection.Name)]
public sealed class WorkflowsApiTests(EmbeddedApiFixture api)
{
    private readonly HttpClient _client = api.CreateClient();

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

    private const string Job = """{"image": "busybox:latest", "command": ["true"]}""";

    [Fact]
    public async Task Start_Cycle_Returns400NamingTheStepsOnIt()
    {
        using var response = await _client.PostAsync(WorkflowsHttpClient.Route, Json($$"""
            {"steps": [
              {"name": "a", "job": {{Job}}, "dependsOn": ["c"]},
              {"name": "b", "job": {{Job}}, "dependsOn": ["a"]},
              {"name": "c", "job": {{Job}}, "dependsOn": ["b"]}
            ]}
            """));

        var messages = await ProblemAssert.NamesFieldAsync(response, "steps");
        Assert.Contains(messages, m => m.Contains("a → b → c → a", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Start_UnknownDependencyAndDuplicateName_NameEachStep()
    {
        using var response = await _client.PostAsync(WorkflowsHttpClient.Route, Json($$"""
            {"failurePolicy": "Continue", "steps": [
              {"name": "a", "job": {{Job}}},
              {"name": "b", "job": {{Job}}, "dependsOn": ["nope"]},
              {"name": "a", "job": {{Job}}}
            ]}
            """));

        Assert.Contains(await ProblemAssert.NamesFieldAsync(response, "steps[1].dependsOn[0]"), m => m.Contains("'nope'", StringComparison.Ordinal));
        await ProblemAssert.NamesFieldAsync(response, "steps[2].name");
    }

    [Theory]
    [InlineData("""{"steps": [{"name": "a", "job": {"image": "busybox:latest", "command": []}}]}""", "steps[0].job.command")]
    [InlineData("""{"steps": [{"name": "a", "job": {"image": "busybox:latest", "command": ["true"], "env": {"JOBSCHEDULER_X": "1"}}}]}""", "steps[0].job.env.JOBSCHEDULER_X")]
    [InlineData("""{"steps": [{"name": "a", "job": {"image": "busybox:latest", "command": ["true"]}, "after": []}]}""", "steps[0].after")]
    [InlineData("""{"steps": [{"name": "a", "job": null}]}""", "steps[0].job")]
    [InlineData("""{"steps": [], "failurePolicy": "Sometimes"}""", "failurePolicy")]
    [InlineData("""{"steps": []}""", "steps")]
    public async Task Start_MalformedBody_NamesTheField(string body, string field)
    {
        using var response = await _client.PostAsync(WorkflowsHttpClient.Route, Json(body));

        await ProblemAssert.NamesFieldAsync(response, field);
    }

    [Fact]
    public async Task Start_BodyOverTheLimit_Returns413()
    {
        var huge = new string('x', 300 * 1024);
        using var response = await _client.PostAsync(WorkflowsHttpClient.Route, Json("{\"steps\": [], \"labels\": {\"a\": \"" + huge + "\"}}"));

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.RequestEntityTooLarge);
    }

    [Theory]
    [InlineData("GET", "/api/v1/workflows/0195c3a1d2e34f5a8b6c7d8e9f0a1b2c")]
    [InlineData("POST", "/api/v1/workflows/0195c3a1d2e34f5a8b6c7d8e9f0a1b2c/cancel")]
    [InlineData("GET", "/api/v1/workflows/bad%20id")]
    public async Task UnknownWorkflow_Returns404(string method, string path)
    {
        using var response = await _client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task OpenApi_DescribesEveryWorkflowOperationAndStepStatesAsStrings()
    {
        using var document = JsonDocument.Parse(await _client.GetStringAsync("/openapi/v1.json"));

        var paths = document.RootElement.GetProperty("paths");
        foreach (var (name, path, method) in new[] { ("StartWorkflow", "/api/v1/workflows", "post"), ("GetWorkflow", "/api/v1/workflows/{id}", "get"), ("CancelWorkflow", "/api/v1/workflows/{id}/cancel", "post") })
        {
            var operation = paths.GetProperty(path).GetProperty(method);
            Assert.Equal(name, operation.GetProperty("operationId").GetString());
            Assert.False(string.IsNullOrWhiteSpace(operation.GetProperty("description").GetString()));
        }
        var start = paths.GetProperty("/api/v1/workflows").GetProperty("post").GetProperty("responses");
        foreach (var status in new[] { "202", "400", "413", "415", "503" })
            Assert.True(start.TryGetProperty(status, out _), $"StartWorkflow does not document {status}.");
        var states = document.RootElement.GetProperty("components").GetProperty("schemas").GetProperty("WorkflowStepState");
        Assert.Contains("Skipped", states.GetProperty("enum").EnumerateArray().Select(e => e.GetString()));
    }
}
