using System.Net;
using System.Net.Http.Headers;
using Microsoft.Extensions.Options;

namespace JobScheduler.Grains.Outbound;

/// <summary>
/// The one way the service sends a request to a URL a user gave it (webhooks; Dockerfile and context fetches). It checks
/// the scheme and the host lists before each hop, the resolved addresses at connect time (<see cref="OutboundConnector"/>),
/// follows at most <see cref="OutboundOptions.MaxRedirects"/> redirects itself, caps the body and the time, and turns
/// every failure into an <see cref="OutboundRefusedException"/> with a short reason of its own.
/// </summary>
public sealed class OutboundHttp(IHttpClientFactory clients, IOptions<OutboundOptions> options, TimeProvider time)
{
    /// <summary>The named client without retries (each call is one attempt per hop).</summary>
    public const string ClientName = "JobScheduler.Outbound";

    /// <summary>The named client that retries transient failures with <c>Microsoft.Extensions.Http.Resilience</c>.</summary>
    public const string RetryingClientName = "JobScheduler.Outbound.Retrying";

    private readonly OutboundOptions _options = options.Value;

    /// <summary>
    /// Sends <paramref name="request"/>; with <paramref name="retry"/>, transient failures are retried
    /// (<see cref="OutboundOptions.MaxRetryAttempts"/>). Any status is returned; only refusals and failures throw.
    /// </summary>
    /// <exception cref="OutboundRefusedException">Refused by the guard, timed out, too large, or the connection failed.</exception>
    public async Task<OutboundResponse> SendAsync(OutboundRequest request, bool retry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        using var timeout = new CancellationTokenSource(_options.Timeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, cancellationToken);
        var client = clients.CreateClient(retry ? RetryingClientName : ClientName);
        try
        {
            return await SendHopsAsync(client, request, linked.Token);
        }
        catch (OperationCanceledException e) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new OutboundRefusedException($"no complete response within {_options.Timeout.TotalSeconds:0.###} s", e);
        }
        catch (IOException e)
        {
            // The connection broke while the body was being read (HttpIOException and the like).
            throw new OutboundRefusedException("the connection broke while reading the response", e);
        }
        catch (HttpRequestException e)
        {
            throw e.InnerException is OutboundRefusedException refused
                ? new OutboundRefusedException(refused.Message, e)
                : new OutboundRefusedException($"the request failed ({e.HttpRequestError})", e);
        }
    }

    private async Task<OutboundResponse> SendHopsAsync(HttpClient client, OutboundRequest request, CancellationToken cancellationToken)
    {
        var method = request.Method;
        var body = request.Body;
        var url = request.Url;
        for (var hop = 0; ; hop++)
        {
            if (OutboundHostRules.UrlRefusal(url, _options) is { } refusal)
                throw new OutboundRefusedException(hop == 0 ? refusal : $"redirect refused: {refusal}");
            using var message = new HttpRequestMessage(method, url);
            foreach (var (name, value) in request.Headers)
                message.Headers.TryAddWithoutValidation(name, value);
            if (body is not null)
            {
                message.Content = new ByteArrayContent(body);
                message.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(request.ContentType);
            }
            using var response = await client.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            var status = (int)response.StatusCode;
            if (status is 301 or 302 or 303 or 307 or 308 && response.Headers.Location is { } location)
            {
                if (hop >= _options.MaxRedirects)
                    throw new OutboundRefusedException($"more than {_options.MaxRedirects} redirects");
                url = location.IsAbsoluteUri ? location : new Uri(url, location);
                // 301/302/303 turn a POST into a GET without a body (as browsers do); 307/308 repeat the request.
                if (status is 301 or 302 or 303 && method != HttpMethod.Get && method != HttpMethod.Head)
                {
                    method = HttpMethod.Get;
                    body = null;
                }
                continue;
            }
            return new OutboundResponse(status, url, await ReadCappedAsync(response.Content, request.MaxResponseBytes ?? _options.MaxResponseBytes, cancellationToken))
            {
                ETag = response.Headers.ETag?.ToString(),
                LastModified = response.Content.Headers.LastModified,
            };
        }
    }

    private static async Task<byte[]> ReadCappedAsync(HttpContent content, long cap, CancellationToken cancellationToken)
    {
        if (content.Headers.ContentLength > cap)
            throw new OutboundRefusedException($"the response is larger than {cap} bytes");
        await using var stream = await content.ReadAsStreamAsync(cancellationToken);
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await stream.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > cap)
                throw new OutboundRefusedException($"the response is larger than {cap} bytes");
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }

    /// <summary>Whether <paramref name="status"/> is worth another attempt later (408, 429, 5xx).</summary>
    public static bool IsTransient(int status) => status is (int)HttpStatusCode.RequestTimeout or (int)HttpStatusCode.TooManyRequests or >= 500;
}
