using System.Collections.Concurrent;
using System.Net;
using System.Text;
using JobScheduler.Grains.Observability;
using JobScheduler.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace JobScheduler.Tests.Observability;

/// <summary><c>Scheduler:Metrics:OtlpEndpoint</c> pushes the same metrics to an OTLP collector, here a bare HTTP listener.</summary>
public sealed class OtlpExportTests
{
    [Fact]
    public async Task OtlpEndpoint_Configured_PushesTheSchedulerMeterAndTracesOverHttp()
    {
        var port = FreePort.Next();
        using var collector = new HttpListener();
        collector.Prefixes.Add($"http://127.0.0.1:{port}/");
        collector.Start();
        var received = new ConcurrentQueue<(string Path, string? ContentType, byte[] Body)>();
        var listening = Task.Run(async () =>
        {
            while (collector.IsListening)
            {
                HttpListenerContext context;
                try
                {
                    context = await collector.GetContextAsync();
                }
                catch (Exception e) when (e is HttpListenerException or ObjectDisposedException && !collector.IsListening)
                {
                    return;
                }
                using var body = new MemoryStream();
                await context.Request.InputStream.CopyToAsync(body);
                received.Enqueue((context.Request.Url!.AbsolutePath, context.Request.ContentType, body.ToArray()));
                context.Response.StatusCode = 200;
                context.Response.Close();
            }
        });
        await using var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(builder => builder
            .UseFreeSiloPorts().UseTestAuth()
            .UseSetting($"{MetricsOptions.SectionName}:OtlpEndpoint", $"http://127.0.0.1:{port}/v1/metrics")
            .UseSetting($"{MetricsOptions.SectionName}:OtlpProtocol", nameof(OtlpTransport.HttpProtobuf))
            .UseSetting($"{MetricsOptions.SectionName}:OtlpExportInterval", "00:00:00.200"));
        _ = factory.Server;

        // Protobuf carries names as plain UTF-8: the worker gauge's name is in the pushed batch.
        await Eventually.Async(() => Task.FromResult(received.Any(r =>
                r.Path == "/v1/metrics" && r.ContentType == "application/x-protobuf"
                && Encoding.UTF8.GetString(r.Body).Contains("jobscheduler.worker.free_slots", StringComparison.Ordinal))),
            TimeSpan.FromSeconds(20), "the collector to receive the JobScheduler meter");
        // A request makes a trace (ASP.NET Core's span), sampled because an endpoint is configured.
        using (var client = factory.CreateClient())
            (await client.GetAsync("/health/live")).EnsureSuccessStatusCode();

        // The host pushes a last batch as it stops: stop it before the collector, so no push meets a closing listener.
        await factory.DisposeAsync();
        collector.Stop();
        await listening;
        // Traces go to the same collector, on the traces path of the metrics endpoint given.
        Assert.Contains(received, r => r.Path == "/v1/traces" && r.ContentType == "application/x-protobuf"
            && Encoding.UTF8.GetString(r.Body).Contains("/health/live", StringComparison.Ordinal));
    }

    [Fact]
    public void Validator_EveryBadValue_IsReportedAtOnce()
    {
        var result = new MetricsOptionsValidator().Validate(null, new MetricsOptions
        {
            OtlpEndpoint = new Uri("ftp://collector/"),
            OtlpProtocol = (OtlpTransport)7,
            OtlpExportInterval = TimeSpan.Zero,
        });

        Assert.True(result.Failed);
        Assert.Equal(3, result.Failures!.Count());
        Assert.Contains(result.Failures!, f => f.Contains("OtlpEndpoint", StringComparison.Ordinal));
        Assert.Contains(result.Failures!, f => f.Contains("OtlpProtocol", StringComparison.Ordinal));
        Assert.Contains(result.Failures!, f => f.Contains("OtlpExportInterval", StringComparison.Ordinal));
    }

    [Fact]
    public void Validator_Defaults_AreValid()
    {
        Assert.True(new MetricsOptionsValidator().Validate(null, new MetricsOptions()).Succeeded);
    }
}
