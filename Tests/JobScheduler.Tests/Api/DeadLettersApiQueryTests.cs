using System.Net;
using System.Text;
using System.Text.Json;
using JobScheduler.Grains.Interfaces;
using JobScheduler.Tests.Infrastructure;

namespace JobScheduler.Tests.Api;

/// <summary>
/// The dead-letter and requeue endpoints without containers: bad parameters are rejected by name, ids that are
/// malformed or unknown are 404 problems, and a job that is not Failed or DeadLettered is not requeued.
/// </summary>
[Collection(EmbeddedApiCollection.Name)]
public sealed class DeadLettersApiQueryTests(EmbeddedApiFixture api)
{
    private const string DeadLetters = "/api/v1/dead-letters";
    private readonly HttpClient _client = api.CreateClient();

    [Theory]
    [InlineData("state=DeadLettered", "state")]
    [InlineData("state=Failed", "state")]
    [InlineData("label=team", "label")]
    [InlineData("label=a=1&label=b=2", "label")]
    [InlineData("queue=Bad%20Queue", "queue")]
    [InlineData("page=0", "page")]
    [InlineData("page=abc", "page")]
    [InlineData("pageSize=0", "pageSize")]
    [InlineData("pageSize=501", "pageSize")]
    public async Task List_BadParameter_ReturnsValidationProblemNamingIt(string queryString, string parameter)
    {
        using var response = await _client.GetAsync($"{DeadLetters}?{queryString}");

        await ProblemAssert.NamesFieldAsync(response, parameter);
    }

    [Fact]
    public async Task List_SeveralBadParameters_NamesEachOne()
    {
        using var response = await _client.GetAsync($"{DeadLetters}?state=Failed&queue=BAD&page=0&pageSize=9999&label=x");

        foreach (var parameter in new[] { "state", "queue", "page", "pageSize", "label" })
            await ProblemAssert.NamesFieldAsync(response, parameter);
    }

    [Fact]
    public async Task List_QueueWithoutDeadLetters_ReturnsAnEmptyPage()
    {
        using var response = await _client.GetAsync($"{DeadLetters}?queue={UniqueQueue()}&page=1&pageSize=10");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await SchedulerCluster.ReadAsync<JobPage>(response);
        Assert.Empty(page.Items);
        Assert.Equal(0, page.Total);
        Assert.Equal(1, page.Page);
        Assert.Equal(10, page.PageSize);
    }

    [Theory]
    [InlineData("queue=Bad%20Queue", "queue")]
    [InlineData("label=team", "label")]
    [InlineData("state=Failed", "state")]
    public async Task RequeueAll_BadFilter_ReturnsValidationProblemNamingIt(string queryString, string parameter)
    {
        using var response = await _client.PostAsync($"{DeadLetters}/requeue?{queryString}", content: null);

        await ProblemAssert.NamesFieldAsync(response, parameter);
    }

    [Theory]
    [InlineData("no$such")]
    [InlineData("has%20space")]
    public async Task Delete_MalformedId_Returns404Problem(string id)
    {
        using var response = await _client.DeleteAsync($"{DeadLetters}/{id}");

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Requeue_MalformedId_Returns404Problem()
    {
        using var response = await _client.PostAsync("/api/v1/jobs/no$such/requeue", content: null);

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Requeue_WellFormedUnknownId_Returns404Problem()
    {
        using var response = await _client.PostAsync($"/api/v1/jobs/{Guid.NewGuid():N}/requeue", content: null);

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Requeue_ScheduledJob_Returns409NamingTheStateAndLeavesTheJobAlone()
    {
        var jobs = new JobsHttpClient(_client);
        var job = await jobs.SubmitAsync(new JobSpec
        {
            Image = "busybox:latest",
            Command = ["true"],
            RunAt = DateTimeOffset.UtcNow.AddDays(1),
            Queue = UniqueQueue(),
        });

        using var response = await _client.PostAsync($"/api/v1/jobs/{job.Id}/requeue", content: null);

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Conflict);
        Assert.Contains("Scheduled", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal("Scheduled", problem.GetProperty("state").GetString());
        var after = await jobs.GetAsync(job.Id);
        Assert.Equal(JobState.Scheduled, after.State);
        Assert.Equal(job.DueAt, after.DueAt);
        Assert.Empty(after.Attempts);
        await jobs.CancelAsync(job.Id);
    }

    [Fact]
    public async Task OpenApi_ListsTheRequeueAndDeadLetterOperationsWithTheirResponses()
    {
        using var document = JsonDocument.Parse(await _client.GetStringAsync("/openapi/v1.json"));
        var paths = document.RootElement.GetProperty("paths");
        var operations = new Dictionary<string, (string Path, string Method, string[] Statuses)>
        {
            ["RequeueJob"] = ("/api/v1/jobs/{id}/requeue", "post", ["200", "404", "409", "503"]),
            ["ListDeadLetters"] = ("/api/v1/dead-letters", "get", ["200", "400", "503"]),
            ["DeleteDeadLetter"] = ("/api/v1/dead-letters/{id}", "delete", ["204", "404", "503"]),
            ["RequeueDeadLetters"] = ("/api/v1/dead-letters/requeue", "post", ["200", "400", "503"]),
        };

        foreach (var (name, (path, method, statuses)) in operations)
        {
            Assert.True(paths.TryGetProperty(path, out var item), $"The document has no path {path}.");
            var operation = item.GetProperty(method);
            Assert.Equal(name, operation.GetProperty("operationId").GetString());
            Assert.False(string.IsNullOrWhiteSpace(operation.GetProperty("summary").GetString()));
            Assert.False(string.IsNullOrWhiteSpace(operation.GetProperty("description").GetString()));
            foreach (var status in statuses)
                Assert.True(operation.GetProperty("responses").TryGetProperty(status, out _), $"{name} does not document {status}.");
        }
        var listParameters = paths.GetProperty("/api/v1/dead-letters").GetProperty("get").GetProperty("parameters")
            .EnumerateArray().Select(p => p.GetProperty("name").GetString()).ToArray();
        Assert.Equal(["label", "page", "pageSize", "queue"], listParameters.Order());
        var states = document.RootElement.GetProperty("components").GetProperty("schemas").GetProperty("JobState")
            .GetProperty("enum").EnumerateArray().Select(e => e.GetString()).ToArray();
        Assert.Contains("RetryWaiting", states);
        Assert.Contains("DeadLettered", states);
    }

    private static string UniqueQueue() => $"dlq-{Guid.NewGuid():N}";
}
