using System.Net;
using System.Text;
using JobScheduler.Grains.Interfaces;
using JobScheduler.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Runtime;
using StackExchange.Redis;

namespace JobScheduler.Tests.Api;

/// <summary>
/// How the API answers when the cluster or Redis fails: 503 with Retry-After for an outage (clients retry; never a
/// hang, never a 500), and a 500 that reveals nothing for anything else.
/// </summary>
[Collection(EmbeddedApiCollection.Name)]
public sealed class BackendFailureTests(EmbeddedApiFixture api)
{
    private const string JobPath = "/api/v1/jobs/0123456789abcdef0123456789abcdef";

    public static TheoryData<string, string> Requests => new()
    {
        { "GET", JobPath },
        { "GET", JobPath + "/logs" },
        { "POST", JobPath + "/cancel" },
        { "GET", "/api/v1/jobs" },
        { "POST", "/api/v1/jobs" },
    };

    [Theory]
    [MemberData(nameof(Requests))]
    public async Task AnyEndpoint_SiloUnavailable_Returns503WithRetryAfter(string method, string path)
    {
        using var host = HostFailingWith(new SiloUnavailableException());

        using var response = await SendAsync(host.CreateAdminClient(), method, path);

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.ServiceUnavailable);
        Assert.Equal(TimeSpan.FromSeconds(5), response.Headers.RetryAfter?.Delta);
    }

    [Fact]
    public async Task Get_RedisUnreachableInsideStorageError_Returns503WithRetryAfter()
    {
        var failure = new OrleansException("Storage failed", new RedisConnectionException(ConnectionFailureType.UnableToConnect, "It was not possible to connect"));
        using var host = HostFailingWith(failure);

        using var response = await host.CreateAdminClient().GetAsync(JobPath);

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.ServiceUnavailable);
        Assert.NotNull(response.Headers.RetryAfter);
    }

    [Fact]
    public async Task Get_UnexpectedError_Returns500WithoutInternals()
    {
        using var host = HostFailingWith(new InvalidOperationException("secret connection string in a message"));

        using var response = await host.CreateAdminClient().GetAsync(JobPath);

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.InternalServerError);
        var body = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain("secret", body, StringComparison.Ordinal);
        Assert.DoesNotContain("InvalidOperationException", body, StringComparison.Ordinal);
    }

    // A second host beside the shared one: its own silo ports, and a client whose grains all fail.
    private Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactory<Program> HostFailingWith(Exception failure)
    {
        return api.Factory.WithWebHostBuilder(builder => builder
            .UseFreeSiloPorts()
            .ConfigureTestServices(services => services.AddSingleton(new JobSchedulerClient(FailingGrainFactory.Create(failure)))));
    }

    private static Task<HttpResponseMessage> SendAsync(HttpClient client, string method, string path) =>
        client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path)
        {
            Content = method == "POST" ? new StringContent("""{"image": "busybox", "command": ["true"]}""", Encoding.UTF8, "application/json") : null,
        });
}
