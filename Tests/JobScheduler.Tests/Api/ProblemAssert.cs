using System.Net;
using System.Text.Json;

namespace JobScheduler.Tests.Api;

/// <summary>Assertions on RFC 9457 problem responses.</summary>
public static class ProblemAssert
{
    /// <summary>Asserts a problem document with <paramref name="status"/> and returns its JSON.</summary>
    public static async Task<JsonElement> IsProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"Expected {(int)status}, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(text).RootElement.Clone();
        Assert.False(string.IsNullOrEmpty(problem.GetProperty("type").GetString()), "A problem must have a type.");
        Assert.False(string.IsNullOrEmpty(problem.GetProperty("title").GetString()), "A problem must have a title.");
        Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
        Assert.DoesNotContain("   at ", text, StringComparison.Ordinal); // no stack trace
        return problem;
    }

    /// <summary>Asserts a 400 validation problem whose <c>errors</c> name <paramref name="field"/>, and returns its messages.</summary>
    public static async Task<string[]> NamesFieldAsync(HttpResponseMessage response, string field)
    {
        var problem = await IsProblemAsync(response, HttpStatusCode.BadRequest);
        var errors = problem.GetProperty("errors");
        Assert.True(errors.TryGetProperty(field, out var messages),
            $"Expected an error for '{field}', got: {errors.GetRawText()}");
        var texts = messages.EnumerateArray().Select(m => m.GetString() ?? "").ToArray();
        Assert.NotEmpty(texts);
        Assert.All(texts, t => Assert.False(string.IsNullOrWhiteSpace(t)));
        return texts;
    }
}
