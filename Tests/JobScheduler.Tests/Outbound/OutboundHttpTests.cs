using System.Net;
using System.Text;
using JobScheduler.Grains.Outbound;
using JobScheduler.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace JobScheduler.Tests.Outbound;

/// <summary>The outbound-HTTP guard against a real local HTTP server (Kestrel on loopback).</summary>
public sealed class OutboundHttpTests : IAsyncLifetime
{
    private LocalHttpServer _server = null!;
    private int _flaky;

    public async Task InitializeAsync() => _server = await LocalHttpServer.StartAsync(async context =>
    {
        switch (context.Request.Path.Value)
        {
            case "/ok":
                await context.Response.WriteAsync("hello");
                break;
            case "/big":
                await context.Response.Body.WriteAsync(new byte[4096]);
                break;
            case "/slow":
                await Task.Delay(TimeSpan.FromSeconds(5), context.RequestAborted);
                break;
            case "/to-denied":
                context.Response.Redirect("http://denied.example/secret");
                break;
            case "/to-metadata":
                context.Response.Redirect("http://169.254.169.254/latest/meta-data/");
                break;
            case "/loop":
                context.Response.Redirect("/loop");
                break;
            case "/to-ok":
                context.Response.Redirect("/ok");
                break;
            case "/flaky":
                context.Response.StatusCode = Interlocked.Increment(ref _flaky) <= 2 ? 503 : 200;
                break;
            case "/error":
                context.Response.StatusCode = 500;
                await context.Response.WriteAsync("SECRET-INTERNAL-DETAIL");
                break;
        }
    });

    public Task DisposeAsync() => _server.DisposeAsync().AsTask();

    private static (OutboundHttp Guard, ServiceProvider Services) Guard(bool allowLoopback, Dictionary<string, string?>? extra = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Scheduler:Outbound:AllowHttp"] = "true",
            ["Scheduler:Outbound:AllowLoopback"] = allowLoopback ? "true" : "false",
            ["Scheduler:Outbound:MaxResponseBytes"] = "2048",
            ["Scheduler:Outbound:Timeout"] = "00:00:01",
            ["Scheduler:Outbound:ConnectTimeout"] = "00:00:01",
            ["Scheduler:Outbound:DeniedHosts:0"] = "denied.example",
        };
        foreach (var (key, value) in extra ?? [])
            settings[key] = value;
        var services = new ServiceCollection()
            .AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings).Build())
            .AddOutboundHttp()
            .BuildServiceProvider();
        return (services.GetRequiredService<OutboundHttp>(), services);
    }

    private Task<OutboundResponse> GetAsync(OutboundHttp guard, string path, bool retry = false) =>
        guard.SendAsync(new OutboundRequest(HttpMethod.Get, new Uri(_server.BaseAddress, path)), retry, CancellationToken.None);

    [Fact]
    public async Task Send_LoopbackAllowedByConfiguration_ReturnsTheBody()
    {
        var (guard, services) = Guard(allowLoopback: true);
        await using var _ = services;
        var response = await GetAsync(guard, "to-ok");
        Assert.Equal(200, response.StatusCode);
        Assert.Equal("hello", Encoding.UTF8.GetString(response.Body));
        Assert.EndsWith("/ok", response.Url.AbsolutePath, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Send_LoopbackNotAllowed_IsRefusedAtConnect()
    {
        var (guard, services) = Guard(allowLoopback: false);
        await using var _ = services;
        var refused = await Assert.ThrowsAsync<OutboundRefusedException>(() => GetAsync(guard, "ok"));
        Assert.Contains("loopback", refused.Message, StringComparison.Ordinal);
        // A name that resolves to loopback is caught where the addresses are resolved, at connect time.
        var byName = await Assert.ThrowsAsync<OutboundRefusedException>(() =>
            guard.SendAsync(new OutboundRequest(HttpMethod.Get, new Uri($"http://localhost:{_server.BaseAddress.Port}/ok")), false, CancellationToken.None));
        Assert.Contains("loopback", byName.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Send_CloudMetadataAddress_IsRefused()
    {
        var (guard, services) = Guard(allowLoopback: true);
        await using var _ = services;
        var direct = await Assert.ThrowsAsync<OutboundRefusedException>(() =>
            guard.SendAsync(new OutboundRequest(HttpMethod.Get, new Uri("http://169.254.169.254/latest/meta-data/")), false, CancellationToken.None));
        Assert.Contains("link-local", direct.Message, StringComparison.Ordinal);
        var redirected = await Assert.ThrowsAsync<OutboundRefusedException>(() => GetAsync(guard, "to-metadata"));
        Assert.Contains("link-local", redirected.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Send_RedirectToDeniedHost_IsRefused()
    {
        var (guard, services) = Guard(allowLoopback: true);
        await using var _ = services;
        var refused = await Assert.ThrowsAsync<OutboundRefusedException>(() => GetAsync(guard, "to-denied"));
        Assert.Equal("redirect refused: the host 'denied.example' is denied", refused.Message);
    }

    [Fact]
    public async Task Send_RedirectLoop_StopsAfterFiveRedirects()
    {
        var (guard, services) = Guard(allowLoopback: true);
        await using var _ = services;
        var refused = await Assert.ThrowsAsync<OutboundRefusedException>(() => GetAsync(guard, "loop"));
        Assert.Equal("more than 5 redirects", refused.Message);
    }

    [Fact]
    public async Task Send_OversizedResponse_IsRefused()
    {
        var (guard, services) = Guard(allowLoopback: true);
        await using var _ = services;
        var refused = await Assert.ThrowsAsync<OutboundRefusedException>(() => GetAsync(guard, "big"));
        Assert.Equal("the response is larger than 2048 bytes", refused.Message);
    }

    [Fact]
    public async Task Send_SlowServer_TimesOut()
    {
        var (guard, services) = Guard(allowLoopback: true);
        await using var _ = services;
        var refused = await Assert.ThrowsAsync<OutboundRefusedException>(() => GetAsync(guard, "slow"));
        Assert.Equal("no complete response within 1 s", refused.Message);
    }

    [Fact]
    public async Task Send_HttpsOnlyByDefault_RefusesHttp()
    {
        var (guard, services) = Guard(allowLoopback: true, new() { ["Scheduler:Outbound:AllowHttp"] = "false" });
        await using var _ = services;
        var refused = await Assert.ThrowsAsync<OutboundRefusedException>(() => GetAsync(guard, "ok"));
        Assert.Equal("the scheme 'http' is not allowed (https only)", refused.Message);
    }

    [Fact]
    public async Task Send_RetryingClient_RetriesTransientFailures()
    {
        var (guard, services) = Guard(allowLoopback: true);
        await using var _ = services;
        var response = await GetAsync(guard, "flaky", retry: true);
        Assert.Equal(200, response.StatusCode);
        Assert.Equal(3, _flaky);
    }

    [Fact]
    public async Task Send_ErrorStatus_IsReturnedAndNeverInAnError()
    {
        var (guard, services) = Guard(allowLoopback: true);
        await using var _ = services;
        var response = await GetAsync(guard, "error");
        Assert.Equal(500, response.StatusCode);
        Assert.False(response.IsSuccess);
    }

    [Theory]
    [InlineData("127.0.0.1", "loopback")]
    [InlineData("::1", "loopback")]
    [InlineData("::ffff:169.254.169.254", "link-local")]
    [InlineData("fe80::1", "link-local")]
    [InlineData("10.1.2.3", "not public")]
    [InlineData("192.168.1.1", "not public")]
    [InlineData("fd00::1", "not public")]
    [InlineData("0.0.0.0", "not public")]
    public void AddressRefusal_NonPublicAddress_IsRefusedByDefault(string address, string reason) =>
        Assert.Contains(reason, OutboundHostRules.AddressRefusal(IPAddress.Parse(address), new OutboundOptions()), StringComparison.Ordinal);

    [Fact]
    public void AddressRefusal_PublicAddress_IsAllowed() =>
        Assert.Null(OutboundHostRules.AddressRefusal(IPAddress.Parse("93.184.216.34"), new OutboundOptions()));

    [Fact]
    public void UrlRefusal_AllowList_AdmitsOnlyListedHosts()
    {
        var options = new OutboundOptions { AllowedHosts = ["*.example.com"], DeniedHosts = ["bad.example.com"] };
        Assert.Null(OutboundHostRules.UrlRefusal(new Uri("https://hooks.example.com/x"), options));
        Assert.NotNull(OutboundHostRules.UrlRefusal(new Uri("https://example.org/x"), options));
        Assert.NotNull(OutboundHostRules.UrlRefusal(new Uri("https://bad.example.com/x"), options));
        Assert.NotNull(OutboundHostRules.UrlRefusal(new Uri("https://user:pw@hooks.example.com/x"), options));
    }

    [Fact]
    public void Validator_BadValues_ReportsEveryFailure()
    {
        var result = new OutboundOptionsValidator().Validate(null, new OutboundOptions { MaxRedirects = 11, MaxResponseBytes = 1, AllowedHosts = [""] });
        Assert.Equal(3, result.Failures!.Count());
    }
}
