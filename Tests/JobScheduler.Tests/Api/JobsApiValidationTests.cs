using System.Net;
using System.Text;
using JobScheduler.Tests.Infrastructure;

namespace JobScheduler.Tests.Api;

/// <summary>Malformed submissions are answered with problems that name the field; none of them reaches a grain.</summary>
[Collection(EmbeddedApiCollection.Name)]
public sealed class JobsApiValidationTests(EmbeddedApiFixture api)
{
    private const string Jobs = "/api/v1/jobs";
    private readonly HttpClient _client = api.CreateClient();

    [Theory]
    [MemberData(nameof(MalformedJobRequests.Bodies), MemberType = typeof(MalformedJobRequests))]
    public async Task Submit_MalformedBody_ReturnsValidationProblemNamingField(string @case, string body, string field)
    {
        using var response = await _client.PostAsync(Jobs, Json(body));

        var messages = await ProblemAssert.NamesFieldAsync(response, field);
        Assert.All(messages, m => Assert.False(m.Contains("System.", StringComparison.Ordinal), $"{@case}: the message leaks a .NET type name: {m}"));
    }

    [Fact]
    public async Task Submit_UnknownField_MessageSaysTheFieldIsUnknown()
    {
        using var response = await _client.PostAsync(Jobs, Json("""{"image": "busybox", "command": ["echo"], "privileged": true}"""));

        var messages = await ProblemAssert.NamesFieldAsync(response, "privileged");
        Assert.Contains(messages, m => m.Contains("'privileged' is not a known field", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Submit_SeveralInvalidFields_NamesEachOne()
    {
        using var response = await _client.PostAsync(Jobs, Json(
            """{"image": "", "command": [], "queue": "BAD", "resources": {"memoryMb": -1, "cpus": 0}, "timeout": "-00:00:01"}"""));

        foreach (var field in new[] { "image", "command", "queue", "resources.memoryMb", "resources.cpus", "timeout" })
            await ProblemAssert.NamesFieldAsync(response, field);
    }

    [Fact]
    public async Task Submit_IdempotencyKeyTooLong_NamesTheHeader()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, Jobs) { Content = Json("""{"image": "busybox", "command": ["echo"]}""") };
        request.Headers.Add("Idempotency-Key", new string('k', 256));

        using var response = await _client.SendAsync(request);

        await ProblemAssert.NamesFieldAsync(response, "Idempotency-Key");
    }

    [Fact]
    public async Task Submit_BodyOver64KiB_Returns413()
    {
        using var response = await _client.PostAsync(Jobs, Json(OversizedBody()));

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.RequestEntityTooLarge);
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/xml")]
    [InlineData("application/x-www-form-urlencoded")]
    public async Task Submit_NonJsonContentType_Returns415(string contentType)
    {
        using var response = await _client.PostAsync(Jobs, new StringContent("""{"image": "busybox", "command": ["echo"]}""", Encoding.UTF8, contentType));

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.UnsupportedMediaType);
    }

    [Fact]
    public async Task Submit_NoContentType_Returns415()
    {
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes("""{"image": "busybox", "command": ["echo"]}"""));

        using var response = await _client.PostAsync(Jobs, content);

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.UnsupportedMediaType);
    }

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

    private static string OversizedBody() =>
        $$"""{"image": "busybox", "command": ["echo", "{{new string('x', 70 * 1024)}}"]}""";
}
