using System.Net;
using JobScheduler.Tests.Infrastructure;

namespace JobScheduler.Tests.Api;

/// <summary>Bad listing parameters are rejected by name before the index is asked; unknown ids are 404 problems.</summary>
[Collection(EmbeddedApiCollection.Name)]
public sealed class JobsApiQueryTests(EmbeddedApiFixture api)
{
    private readonly HttpClient _client = api.CreateClient();

    [Theory]
    [InlineData("state=Sleeping", "state")]
    [InlineData("state=1", "state")]
    [InlineData("state=Queued,Running", "state")]
    [InlineData("state=", "state")]
    [InlineData("label=team", "label")]
    [InlineData("label==x", "label")]
    [InlineData("label=a=1&label=b=2", "label")]
    [InlineData("queue=Bad%20Queue", "queue")]
    [InlineData("page=0", "page")]
    [InlineData("page=-1", "page")]
    [InlineData("page=abc", "page")]
    [InlineData("pageSize=0", "pageSize")]
    [InlineData("pageSize=501", "pageSize")]
    [InlineData("pageSize=ten", "pageSize")]
    public async Task List_BadParameter_ReturnsValidationProblemNamingIt(string queryString, string parameter)
    {
        using var response = await _client.GetAsync($"/api/v1/jobs?{queryString}");

        await ProblemAssert.NamesFieldAsync(response, parameter);
    }

    [Fact]
    public async Task List_SeveralBadParameters_NamesEachOne()
    {
        using var response = await _client.GetAsync("/api/v1/jobs?state=nope&page=0&pageSize=9999&label=x");

        foreach (var parameter in new[] { "state", "page", "pageSize", "label" })
            await ProblemAssert.NamesFieldAsync(response, parameter);
    }

    [Theory]
    [InlineData("/api/v1/jobs/no$such")]
    [InlineData("/api/v1/jobs/no$such/logs")]
    public async Task Get_MalformedId_Returns404Problem(string path)
    {
        using var response = await _client.GetAsync(path);

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Cancel_MalformedId_Returns404Problem()
    {
        using var response = await _client.PostAsync("/api/v1/jobs/no$such/cancel", content: null);

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task GetLogs_UnknownStream_NamesTheParameter()
    {
        using var response = await _client.GetAsync("/api/v1/jobs/no$such/logs?stream=stdin");

        await ProblemAssert.NamesFieldAsync(response, "stream");
    }
}
