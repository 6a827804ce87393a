using System.Collections.Concurrent;
using System.Formats.Tar;
using System.IO.Compression;
using System.Text;
using JobScheduler.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;

namespace JobScheduler.Tests.Builds;

/// <summary>
/// A local HTTP server (Kestrel on loopback) that serves Dockerfiles and build contexts to the build tests, counts what
/// it answered per path, and misbehaves on purpose: a 500, a redirect to a denied host, an oversized file, a slow answer.
/// A context is served with an <c>ETag</c> and answered 304 to a matching <c>If-None-Match</c>.
/// </summary>
public sealed class BuildServer : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, byte[]> _files = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _answers = new(StringComparer.Ordinal);
    private LocalHttpServer _server = null!;

    /// <summary>Where the server listens.</summary>
    public Uri BaseAddress => _server.BaseAddress;

    /// <summary>Starts the server.</summary>
    public static async Task<BuildServer> StartAsync()
    {
        var server = new BuildServer();
        server._server = await LocalHttpServer.StartAsync(server.HandleAsync);
        return server;
    }

    /// <summary>Serves <paramref name="content"/> at <paramref name="path"/> from now on.</summary>
    public Uri Serve(string path, string content) => Serve(path, Encoding.UTF8.GetBytes(content));

    /// <summary>Serves <paramref name="content"/> at <paramref name="path"/> from now on.</summary>
    public Uri Serve(string path, byte[] content)
    {
        _files[path] = content;
        return new Uri(BaseAddress, path.TrimStart('/'));
    }

    /// <summary>The URL of <paramref name="path"/> on this server.</summary>
    public Uri Url(string path) => new(BaseAddress, path.TrimStart('/'));

    /// <summary>How many times <paramref name="path"/> was answered with <paramref name="status"/>.</summary>
    public int Answered(string path, int status = 200) => _answers.GetValueOrDefault($"{status} {path}");

    /// <summary>A gzip-compressed tar archive holding <paramref name="files"/>.</summary>
    public static byte[] TarGz(IReadOnlyDictionary<string, string> files)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true))
        using (var writer = new TarWriter(gzip, TarEntryFormat.Pax, leaveOpen: true))
        {
            foreach (var (name, text) in files)
            {
                writer.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, name)
                {
                    DataStream = new MemoryStream(Encoding.UTF8.GetBytes(text)),
                    Mode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead,
                });
            }
        }
        return output.ToArray();
    }

    private async Task HandleAsync(HttpContext context)
    {
        var path = context.Request.Path.Value ?? "/";
        var status = await AnswerAsync(context, path);
        _answers.AddOrUpdate($"{status} {path}", 1, (_, n) => n + 1);
    }

    private async Task<int> AnswerAsync(HttpContext context, string path)
    {
        switch (path)
        {
            case "/error":
                context.Response.StatusCode = 500;
                await context.Response.WriteAsync("SECRET-INTERNAL-DETAIL");
                return 500;
            case "/to-denied":
                context.Response.Redirect("http://denied.example/Dockerfile");
                return 302;
            case "/to-metadata":
                context.Response.Redirect("http://169.254.169.254/latest/meta-data/");
                return 302;
            case "/big":
                await context.Response.Body.WriteAsync(Encoding.UTF8.GetBytes("FROM busybox:latest\n" + new string('#', 64 * 1024) + "\n"));
                return 200;
            case "/slow":
                await Task.Delay(TimeSpan.FromSeconds(30), context.RequestAborted);
                return 200;
        }
        if (!_files.TryGetValue(path, out var content))
        {
            context.Response.StatusCode = 404;
            return 404;
        }
        var etag = $"\"{Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(content))[..16]}\"";
        context.Response.Headers.ETag = etag;
        if (context.Request.Headers.IfNoneMatch == etag)
        {
            context.Response.StatusCode = 304;
            return 304;
        }
        await context.Response.Body.WriteAsync(content);
        return 200;
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => _server.DisposeAsync();
}
