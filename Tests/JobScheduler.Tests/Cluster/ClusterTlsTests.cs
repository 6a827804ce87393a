using JobScheduler.Grains.Interfaces;
using JobScheduler.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Configuration;
using Orleans.Connections.Security;
using StackExchange.Redis;

namespace JobScheduler.Tests.Cluster;

/// <summary>
/// Orleans TLS as deployed: a silo and an API process with <c>Scheduler:Tls</c> on run jobs, and a process that
/// reaches the gateway without the cluster's certificate cannot call a grain.
/// </summary>
[Collection("redis")]
[Trait("Category", "Cluster")]
public sealed class ClusterTlsTests(RedisFixture redis)
{
    private static readonly TimeSpan RefusalBound = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task TlsCluster_JobSubmittedThroughApi_Succeeds()
    {
        using var certificate = new TestCertificate("cluster");
        await using var cluster = new SchedulerCluster(redis.ConnectionString, silos: 1, environment: certificate.TlsEnvironment);
        await cluster.StartAsync();
        var jobs = new JobsHttpClient(cluster.CreateApiClient());

        var job = await jobs.SubmitAsync(new JobSpec { Image = "busybox:latest", Command = ["echo", "over-tls"] });
        var final = await jobs.WaitUntilAsync(job.Id, j => j.State.IsTerminal(), TimeSpan.FromSeconds(60), cluster.Diagnostics);

        Assert.Equal(JobState.Succeeded, final.State);
        Assert.Equal("over-tls\n", (await jobs.GetLogsAsync(job.Id)).Stdout);
    }

    [Fact]
    public async Task TlsCluster_PlainClient_CannotCallGrains()
    {
        using var certificate = new TestCertificate("cluster");
        await using var cluster = new SchedulerCluster(redis.ConnectionString, silos: 1, environment: certificate.TlsEnvironment);
        await cluster.StartAsync();

        var failure = await CallWithClientAsync(cluster, configure: null);

        Assert.True(failure is not null, "A client without TLS called a grain of a TLS cluster.");
        Assert.IsNotType<TimeoutException>(failure);
    }

    [Fact]
    public async Task TlsCluster_ClientWithUntrustedCertificate_CannotCallGrains()
    {
        using var certificate = new TestCertificate("cluster");
        using var stranger = new TestCertificate("stranger");
        await using var cluster = new SchedulerCluster(redis.ConnectionString, silos: 1, environment: certificate.TlsEnvironment);
        await cluster.StartAsync();

        // Speaks TLS and accepts the silo's certificate, but presents one the cluster never trusted.
        var failure = await CallWithClientAsync(cluster, client => client.UseTls(stranger.Certificate, o =>
        {
            o.AllowAnyRemoteCertificate();
            o.ClientCertificateMode = RemoteCertificateMode.RequireCertificate;
        }));

        Assert.True(failure is not null, "A client with an untrusted certificate called a grain of a TLS cluster.");
    }

    [Fact]
    public async Task TlsCluster_ClientWithClusterCertificate_CallsGrains()
    {
        using var certificate = new TestCertificate("cluster");
        await using var cluster = new SchedulerCluster(redis.ConnectionString, silos: 1, environment: certificate.TlsEnvironment);
        await cluster.StartAsync();

        // The control for the two refusals above: the same client, with the cluster's certificate, gets through.
        var failure = await CallWithClientAsync(cluster, client => client.UseTls(certificate.Certificate, o =>
        {
            o.AllowAnyRemoteCertificate();
            o.ClientCertificateMode = RemoteCertificateMode.RequireCertificate;
        }));

        Assert.Null(failure);
    }

    /// <summary>
    /// Starts an Orleans client of the cluster (as another service would, but without retrying a refused connection)
    /// and reads a queue through it. Returns the exception that stopped it, or null when the call went through. Fails
    /// the test if neither happens within the bound.
    /// </summary>
    private async Task<Exception?> CallWithClientAsync(SchedulerCluster cluster, Action<IClientBuilder>? configure)
    {
        using var host = Host.CreateDefaultBuilder()
            .UseOrleansClient(client =>
            {
                client.UseRedisClustering(o => o.ConfigurationOptions = ConfigurationOptions.Parse(redis.ConnectionString))
                    .Configure<ClusterOptions>(o => (o.ClusterId, o.ServiceId) = (cluster.ClusterId, cluster.ClusterId))
                    .Configure<ClientMessagingOptions>(o => o.ResponseTimeout = TimeSpan.FromSeconds(10))
                    // Orleans retries a refused connection forever by default; this client gives up at the first refusal.
                    .UseConnectionRetryFilter((_, _) => Task.FromResult(false));
                configure?.Invoke(client);
            })
            .Build();
        var call = Task.Run(async () =>
        {
            await host.StartAsync();
            await host.Services.GetRequiredService<IClusterClient>().GetGrain<IQueueGrain>("default").GetStatus();
        });
        var finished = await Task.WhenAny(call, Task.Delay(RefusalBound));
        Assert.True(finished == call, $"The client neither failed nor called a grain within {RefusalBound.TotalSeconds} s.");
        try
        {
            await call;
            await host.StopAsync();
            return null;
        }
        catch (Exception e) when (e is not Xunit.Sdk.XunitException)
        {
            return e;
        }
    }
}
