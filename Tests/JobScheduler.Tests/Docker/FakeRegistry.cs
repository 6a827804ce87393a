using System.Net;
using System.Net.Sockets;
using System.Text;

namespace JobScheduler.Tests.Docker;

/// <summary>
/// A loopback "registry" that answers every HTTP request with one status and a body carrying <see cref="Marker"/>,
/// or never answers at all, and counts the requests it got. The engine treats 127.0.0.0/8 registries as insecure
/// (plain HTTP), so it reaches this listener.
/// </summary>
internal sealed class FakeRegistry : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly HttpStatusCode? _status;
    private readonly Task _serving;
    private int _requests;

    /// <param name="status">The status of every answer; null never answers (the connection stays open and silent).</param>
    public FakeRegistry(HttpStatusCode? status)
    {
        _status = status;
        _listener.Start();
        _serving = ServeAsync();
    }

    /// <summary>A string that must never reach a job's failure reason.</summary>
    public string Marker { get; } = $"REGISTRY-BODY-{Guid.NewGuid():N}";

    /// <summary>The loopback port it listens on.</summary>
    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>How many connections it accepted.</summary>
    public int Requests => Volatile.Read(ref _requests);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _serving.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _stop.Dispose();
    }

    private async Task ServeAsync()
    {
        var connections = new List<Task>();
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                var client = await _listener.AcceptTcpClientAsync(_stop.Token);
                Interlocked.Increment(ref _requests);
                connections.Add(AnswerAsync(client));
            }
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // Stopped.
        }
        await Task.WhenAll(connections).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    private async Task AnswerAsync(TcpClient client)
    {
        using (client)
        {
            var stream = client.GetStream();
            if (_status is not { } status)
            {
                await Task.Delay(Timeout.Infinite, _stop.Token).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                return;
            }

            // Read the request head (or whatever a TLS client sends first), then answer in plain HTTP either way.
            var buffer = new byte[8192];
            _ = await stream.ReadAsync(buffer, _stop.Token);
            var body = Encoding.UTF8.GetBytes($"{{\"errors\":[{{\"code\":\"DENIED\",\"message\":\"{Marker}\"}}]}} {Marker}");
            var head = Encoding.ASCII.GetBytes(
                $"HTTP/1.1 {(int)status} {status}\r\nContent-Type: application/json\r\nContent-Length: {body.Length}\r\nConnection: close\r\n\r\n");
            await stream.WriteAsync(head, _stop.Token);
            await stream.WriteAsync(body, _stop.Token);
        }
    }
}
