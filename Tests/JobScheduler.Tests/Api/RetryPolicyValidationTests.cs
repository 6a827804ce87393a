using System.Net;
using System.Text;
using JobScheduler.Tests.Infrastructure;

namespace JobScheduler.Tests.Api;

/// <summary>An invalid retry policy is refused at submission with a problem naming the <c>retry.*</c> field; nothing is stored.</summary>
[Collection(EmbeddedApiCollection.Name)]
public sealed class RetryPolicyValidationTests(EmbeddedApiFixture api)
{
    private const string Jobs = "/api/v1/jobs";
    private readonly HttpClient _client = api.CreateClient();

    [Theory]
    [InlineData("""{"maxAttempts": 0}""", "retry.maxAttempts")]
    [InlineData("""{"maxAttempts": 101}""", "retry.maxAttempts")]
    [InlineData("""{"maxAttempts": "three"}""", "retry.maxAttempts")]
    [InlineData("""{"initialBackoff": "-00:00:01"}""", "retry.initialBackoff")]
    [InlineData("""{"initialBackoff": "2.00:00:00"}""", "retry.initialBackoff")]
    [InlineData("""{"initialBackoff": "soon"}""", "retry.initialBackoff")]
    [InlineData("""{"backoffMultiplier": 0.5}""", "retry.backoffMultiplier")]
    [InlineData("""{"backoffMultiplier": 101}""", "retry.backoffMultiplier")]
    [InlineData("""{"maxBackoff": "-00:00:01"}""", "retry.maxBackoff")]
    [InlineData("""{"initialBackoff": "00:01:00", "maxBackoff": "00:00:10"}""", "retry.maxBackoff")]
    [InlineData("""{"jitter": "Sometimes"}""", "retry.jitter")]
    [InlineData("""{"jitter": 1}""", "retry.jitter")]
    [InlineData("""{"jitterFraction": 1.5}""", "retry.jitterFraction")]
    [InlineData("""{"jitterFraction": -0.1}""", "retry.jitterFraction")]
    [InlineData("""{"nonRetryableExitCodes": [1, 256]}""", "retry.nonRetryableExitCodes[1]")]
    [InlineData("""{"nonRetryableExitCodes": 126}""", "retry.nonRetryableExitCodes")]
    [InlineData("""{"maxRetries": 3}""", "retry.maxRetries")]
    [InlineData("""3""", "retry")]
    public async Task Submit_InvalidRetryField_ReturnsValidationProblemNamingIt(string retry, string field)
    {
        using var response = await _client.PostAsync(Jobs, Json($$"""{"image": "busybox:latest", "command": ["true"], "retry": {{retry}}}"""));

        var messages = await ProblemAssert.NamesFieldAsync(response, field);
        Assert.All(messages, m => Assert.False(m.Contains("System.", StringComparison.Ordinal), $"the message leaks a .NET type name: {m}"));
    }

    [Fact]
    public async Task Submit_SeveralInvalidRetryFields_NamesEachOne()
    {
        using var response = await _client.PostAsync(Jobs, Json(
            """
            {"image": "busybox:latest", "command": ["true"],
             "retry": {"maxAttempts": 0, "initialBackoff": "-00:00:01", "backoffMultiplier": 0, "jitterFraction": 2, "nonRetryableExitCodes": [-1]}}
            """));

        foreach (var field in new[] { "retry.maxAttempts", "retry.initialBackoff", "retry.backoffMultiplier", "retry.jitterFraction", "retry.nonRetryableExitCodes[0]" })
            await ProblemAssert.NamesFieldAsync(response, field);
    }

    [Fact]
    public async Task Submit_FullRetryPolicy_IsAcceptedAndReturnedAsSent()
    {
        using var response = await _client.PostAsync(Jobs, Json(
            $$$"""
            {"image": "busybox:latest", "command": ["true"], "runAt": "{{{DateTimeOffset.UtcNow.AddDays(1):O}}}",
             "retry": {"maxAttempts": 5, "initialBackoff": "00:00:02", "backoffMultiplier": 3, "maxBackoff": "00:10:00",
                       "jitter": "Full", "jitterFraction": 0.5, "nonRetryableExitCodes": [2, 3]}}
            """));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var retry = (await SchedulerCluster.ReadAsync<Grains.Interfaces.JobRecord>(response)).Spec.Retry;
        Assert.NotNull(retry);
        Assert.Equal(5, retry.MaxAttempts);
        Assert.Equal(TimeSpan.FromSeconds(2), retry.InitialBackoff);
        Assert.Equal(3, retry.BackoffMultiplier);
        Assert.Equal(TimeSpan.FromMinutes(10), retry.MaxBackoff);
        Assert.Equal(Grains.Interfaces.JitterMode.Full, retry.Jitter);
        Assert.Equal(0.5, retry.JitterFraction);
        Assert.Equal([2, 3], retry.NonRetryableExitCodes);
    }

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");
}
