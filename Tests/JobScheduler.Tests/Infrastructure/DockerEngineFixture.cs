using System.Net;
using Docker.DotNet;

namespace JobScheduler.Tests.Infrastructure;

/// <summary>
/// The local Docker engine and its <c>busybox:latest</c> image, checked once per collection.
/// Fails (never skips) when either is missing, saying how to get them.
/// </summary>
public sealed class DockerEngineFixture : IAsyncLifetime, IDisposable
{
    /// <summary>The engine the tests use.</summary>
    public const string Endpoint = "unix:///var/run/docker.sock";

    /// <summary>The image the tests run; built offline by <c>deploy/scripts/make-test-image.sh</c>.</summary>
    public const string Image = "busybox:latest";

    private const string HowToStart = "Run: bash deploy/scripts/start-docker.sh && bash deploy/scripts/make-test-image.sh";

    /// <summary>A client for <see cref="Endpoint"/>.</summary>
    public DockerClient Client { get; } = new DockerClientConfiguration(new Uri(Endpoint)).CreateClient();

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try
        {
            await Client.System.PingAsync(timeout.Token);
        }
        catch (Exception e) when (e is HttpRequestException or IOException or OperationCanceledException or DockerApiException or System.Net.Sockets.SocketException)
        {
            throw new InvalidOperationException($"The Docker engine at {Endpoint} does not answer ({e.GetBaseException().Message}). {HowToStart}", e);
        }

        try
        {
            await Client.Images.InspectImageAsync(Image, timeout.Token);
        }
        catch (DockerApiException e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
            throw new InvalidOperationException($"The test image {Image} is missing. {HowToStart}", e);
        }
    }

    /// <inheritdoc />
    public Task DisposeAsync() => Task.CompletedTask;

    /// <inheritdoc />
    public void Dispose() => Client.Dispose();
}
