using System.Net;
using System.Text;
using System.Text.Json;
using JobScheduler.Tests.Infrastructure;

namespace JobScheduler.Tests.Api;

/// <summary>
/// Submit, read, deduplicate and cancel jobs through the API against the embedded backend. Jobs are due a day
/// ahead, so they stay <c>Scheduled</c> and no container is started.
/// </summary>
[Collection(EmbeddedApiCollection.Name)]
public sealed class JobsApiLifecycleTests(EmbeddedApiFixture api)
{
    private const string Jobs = "/api/v1/jobs";
    private static readonly TimeSpan _deadline = TimeSpan.FromSeconds(10);
    private readonly HttpClient _client = api.CreateClient();

    [Fact]
    public async Task Submit_ValidJob_Returns202WithLocationOfTheJob()
    {
        using var response = await SubmitAsync(FutureJob());

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var accepted = await ReadJsonAsync(response);
        var id = accepted.GetProperty("id").GetString();
        Assert.False(string.IsNullOrEmpty(id));
        Assert.Equal($"{Jobs}/{id}", response.Headers.Location?.OriginalString);

        using var get = await _client.GetAsync(response.Headers.Location);
        Assert.Equal(HttpStatusCode.OK, get.StatusCode);
        var job = await ReadJsonAsync(get);
        Assert.Equal(id, job.GetProperty("id").GetString());
        Assert.Equal("Scheduled", job.GetProperty("state").GetString());
        Assert.Equal("busybox:latest", job.GetProperty("spec").GetProperty("image").GetString());
        Assert.Equal(["echo", "hello; rm -rf / $(id)"], job.GetProperty("spec").GetProperty("command").EnumerateArray().Select(a => a.GetString()));
    }

    [Fact]
    public async Task Submit_SameIdempotencyKeyTwice_ReturnsTheSameJob()
    {
        var key = $"test-{Guid.NewGuid():N}";

        using var first = await SubmitAsync(FutureJob(), key);
        using var second = await SubmitAsync(FutureJob(), key);

        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, second.StatusCode);
        var id = (await ReadJsonAsync(first)).GetProperty("id").GetString();
        var job = await ReadJsonAsync(second);
        Assert.Equal(id, job.GetProperty("id").GetString());
        Assert.Equal(key, job.GetProperty("idempotencyKey").GetString());
    }

    [Fact]
    public async Task Submit_TenConcurrentWithOneIdempotencyKey_CreatesOneJob()
    {
        var key = $"test-{Guid.NewGuid():N}";
        var label = Guid.NewGuid().ToString("N");

        var responses = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => SubmitAsync(FutureJob(label), key)));

        var ids = new HashSet<string?>();
        foreach (var response in responses)
        {
            using (response)
            {
                Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
                ids.Add((await ReadJsonAsync(response)).GetProperty("id").GetString());
            }
        }
        Assert.Single(ids);
        Assert.Equal(1, await WaitForTotalAsync($"label=run={label}", expected: 1));
    }

    [Fact]
    public async Task Cancel_ScheduledJob_ReturnsCancelledAndStaysCancelled()
    {
        using var submitted = await SubmitAsync(FutureJob());
        var id = (await ReadJsonAsync(submitted)).GetProperty("id").GetString();

        using var cancelled = await _client.PostAsync($"{Jobs}/{id}/cancel", content: null);
        using var again = await _client.PostAsync($"{Jobs}/{id}/cancel", content: null);

        Assert.Equal(HttpStatusCode.OK, cancelled.StatusCode);
        Assert.Equal("Cancelled", (await ReadJsonAsync(cancelled)).GetProperty("state").GetString());
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal("Cancelled", (await ReadJsonAsync(again)).GetProperty("state").GetString());
    }

    [Fact]
    public async Task Get_WellFormedUnknownId_Returns404Problem()
    {
        using var response = await _client.GetAsync($"{Jobs}/{Guid.NewGuid():N}");

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Submit_RejectedRequests_StoreNothing()
    {
        var label = Guid.NewGuid().ToString("N");
        var before = await StableTotalAsync("");

        foreach (var row in MalformedJobRequests.Bodies)
        {
            using var rejected = await _client.PostAsync(Jobs, new StringContent((string)row[1], Encoding.UTF8, "application/json"));
            Assert.Equal(HttpStatusCode.BadRequest, rejected.StatusCode);
        }
        // A spec that parses but fails validation, tagged so that a stored copy would be found.
        using (var invalid = await SubmitAsync($$$"""{"image": "busybox", "command": ["echo"], "resources": {"memoryMb": -1}, "labels": {"run": "{{{label}}}"}}"""))
            Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        using (var tooLarge = await SubmitAsync($$"""{"image": "busybox", "command": ["{{new string('x', 70 * 1024)}}"]}"""))
            Assert.Equal(HttpStatusCode.RequestEntityTooLarge, tooLarge.StatusCode);

        Assert.Equal(0, await TotalAsync($"label=run={label}"));
        Assert.Equal(before, await StableTotalAsync(""));
    }

    private static string FutureJob(string? runLabel = null) => JsonSerializer.Serialize(new
    {
        image = "busybox:latest",
        command = new[] { "echo", "hello; rm -rf / $(id)" },
        runAt = DateTimeOffset.UtcNow.AddDays(1),
        labels = new Dictionary<string, string> { ["run"] = runLabel ?? "lifecycle" },
    });

    private Task<HttpResponseMessage> SubmitAsync(string body, string? idempotencyKey = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, Jobs) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        if (idempotencyKey is not null)
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        return _client.SendAsync(request);
    }

    private async Task<long> TotalAsync(string query)
    {
        using var response = await _client.GetAsync($"{Jobs}?{query}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await ReadJsonAsync(response)).GetProperty("total").GetInt64();
    }

    // The index may trail the job grains by a moment; poll until two reads agree (or the deadline passes).
    private async Task<long> StableTotalAsync(string query)
    {
        long? last = null;
        var current = 0L;
        await Eventually.Async(
            async () =>
            {
                current = await TotalAsync(query);
                var stable = current == last;
                last = current;
                return stable;
            },
            _deadline,
            () => $"two reads of the total of '{query}' to agree (last {current})");
        return current;
    }

    private async Task<long> WaitForTotalAsync(string query, long expected)
    {
        var total = 0L;
        await Eventually.Async(async () => (total = await TotalAsync(query)) == expected, _deadline, () => $"the total of '{query}' to be {expected} (last {total})");
        return total;
    }

    private static async Task<JsonElement> ReadJsonAsync(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
}
