using System.Collections.Concurrent;
using System.Text;
using Microsoft.AspNetCore.Http;
using StandardWebhooks;
using StandardWebhooks.Diagnostics;

namespace JobScheduler.Tests.Infrastructure;

/// <summary>
/// A webhook receiver on a local HTTP server: verifies each request's signature with the <c>StandardWebhooks</c> package
/// against <see cref="Secret"/>, records it, and answers 500 to the first <see cref="FailuresPerId"/> requests of each
/// webhook-id, 204 after.
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, int> _seen = new(StringComparer.Ordinal);
    private LocalHttpServer _server = null!;

    /// <summary>One request received.</summary>
    public sealed record Received(string WebhookId, string Body, bool Verified, int Answer);

    /// <summary>Every request, in arrival order.</summary>
    public ConcurrentQueue<Received> Requests { get; } = new();

    /// <summary>The subscription's secret (whsec_…); requests before it is set count as unverified.</summary>
    public string? Secret { get; set; }

    /// <summary>How many times each webhook-id is answered 500 before it is accepted.</summary>
    public int FailuresPerId { get; set; }

    /// <summary>How long the receiver takes to answer each request (default none): keeps deliveries in flight.</summary>
    public TimeSpan ResponseDelay { get; set; }

    /// <summary>The URL to subscribe.</summary>
    public string Url => new Uri(_server.BaseAddress, "hook").ToString();

    /// <summary>The distinct webhook-ids accepted (answered 2xx).</summary>
    public IReadOnlySet<string> Accepted => Requests.Where(r => r.Answer < 300).Select(r => r.WebhookId).ToHashSet(StringComparer.Ordinal);

    /// <summary>Starts a receiver.</summary>
    public static async Task<WebhookReceiver> StartAsync(int failuresPerId = 0)
    {
        var receiver = new WebhookReceiver { FailuresPerId = failuresPerId };
        receiver._server = await LocalHttpServer.StartAsync(receiver.HandleAsync);
        return receiver;
    }

    private async Task HandleAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
        var body = await reader.ReadToEndAsync();
        var id = context.Request.Headers["webhook-id"].ToString();
        var verified = false;
        if (Secret is { } secret)
        {
            try
            {
                new StandardWebhook(secret).Verify(body, context.Request.Headers);
                verified = true;
            }
            catch (WebhookVerificationException)
            {
            }
        }
        if (ResponseDelay > TimeSpan.Zero)
            await Task.Delay(ResponseDelay, context.RequestAborted);
        var seen = _seen.AddOrUpdate(id, 1, (_, n) => n + 1);
        var answer = seen <= FailuresPerId ? 500 : 204;
        Requests.Enqueue(new Received(id, body, verified, answer));
        context.Response.StatusCode = answer;
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => _server.DisposeAsync();
}
