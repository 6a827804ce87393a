using System.Net;
using JobScheduler.Tests.Infrastructure;

namespace JobScheduler.Benchmarks;

/// <summary>
/// An OTLP/HTTP collector that accepts every push and keeps nothing but counts: what B2O's processes export traces and
/// metrics to, so that the export's cost is the processes' and not a collector's.
/// </summary>
public sealed class OtlpSink : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private Task _loop = Task.CompletedTask;
    private long _requests;
    private long _bytes;

    private OtlpSink(int port)
    {
        BaseAddress = new Uri($"http://127.0.0.1:{port}/");
        _listener.Prefixes.Add(BaseAddress.ToString());
    }

    /// <summary>Where to push, e.g. <c>{BaseAddress}v1/traces</c>.</summary>
    public Uri BaseAddress { get; }

    /// <summary>Pushes received.</summary>
    public long Requests => Interlocked.Read(ref _requests);

    /// <summary>Bytes of the pushes' bodies.</summary>
    public long Bytes => Interlocked.Read(ref _bytes);

    /// <summary>Listens on a free loopback port.</summary>
    public static OtlpSink Start()
    {
        var sink = new OtlpSink(FreePort.Next());
        sink._listener.Start();
        sink._loop = Task.Run(sink.ServeAsync);
        return sink;
    }

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException && !_listener.IsListening)
            {
                return;
            }
            using var body = new MemoryStream();
            await context.Request.InputStream.CopyToAsync(body);
            Interlocked.Increment(ref _requests);
            Interlocked.Add(ref _bytes, body.Length);
            context.Response.StatusCode = 200;
            context.Response.Close();
        }
    }

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        await _loop;
        _listener.Close();
    }
}
