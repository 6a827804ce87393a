using System.Text;
using System.Text.Json;
using JobScheduler.Client.Api.Http;
using JobScheduler.Grains.Interfaces;
using Microsoft.AspNetCore.Http;

namespace JobScheduler.Tests.Api;

/// <summary>
/// The body reader on its own, for what an in-memory test server cannot show: it announces a Content-Length for
/// every body, so a chunked or understated upload never reaches the endpoint through it.
/// </summary>
public sealed class JsonBodyTests
{
    private static readonly JsonSerializerOptions _options = CreateOptions();

    [Theory]
    [InlineData(null)] // chunked: no length announced
    [InlineData(100L)] // a length that understates the body
    public async Task ReadAsync_BodyOverLimitWhateverTheDeclaredLength_Returns413(long? declaredLength)
    {
        var request = Request($$"""{"image": "busybox", "command": ["{{new string('x', JsonBody.MaxBytes)}}"]}""", declaredLength);

        var result = await JsonBody.ReadAsync<JobSpec>(request, _options, CancellationToken.None);

        Assert.False(result.IsValid);
        Assert.Equal(StatusCodes.Status413PayloadTooLarge, result.Problem.StatusCode);
    }

    [Fact]
    public async Task ReadAsync_BodyOfExactlyTheLimit_IsRead()
    {
        const string prefix = "{\"image\": \"busybox\", \"command\": [\"";
        const string suffix = "\"]}";
        var body = prefix + new string('x', JsonBody.MaxBytes - prefix.Length - suffix.Length) + suffix;
        var request = Request(body, declaredLength: null);

        var result = await JsonBody.ReadAsync<JobSpec>(request, _options, CancellationToken.None);

        Assert.True(result.IsValid);
        Assert.Equal(JsonBody.MaxBytes - prefix.Length - suffix.Length, result.Value.Command[0].Length);
    }

    [Fact]
    public async Task ReadAsync_ValidSpec_AppliesDefaults()
    {
        var result = await JsonBody.ReadAsync<JobSpec>(Request("""{"image": "busybox", "command": ["true"]}""", null), _options, CancellationToken.None);

        Assert.True(result.IsValid);
        Assert.Equal(JobSpec.DefaultQueue, result.Value.Queue);
        Assert.Null(result.Value.Resources);
    }

    private static HttpRequest Request(string body, long? declaredLength)
    {
        var context = new DefaultHttpContext();
        context.Request.ContentType = "application/json; charset=utf-8";
        context.Request.ContentLength = declaredLength;
        context.Request.Body = new MemoryStream(Encoding.UTF8.GetBytes(body));
        return context.Request;
    }

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        ApiJson.Configure(options);
        return options;
    }
}
