using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;

namespace JobScheduler.Tests.Infrastructure;

/// <summary>One Server-Sent Event as a client received it, with when it arrived (a <see cref="Stopwatch"/> reading).</summary>
public sealed record ReceivedEvent(string Event, string Data, TimeSpan ArrivedAt);

/// <summary>Reads a <c>text/event-stream</c> response as a browser's EventSource would: <c>event:</c> and <c>data:</c> fields, a blank line ends an event.</summary>
public static class ServerSentEvents
{
    /// <summary>
    /// GETs <paramref name="path"/> and collects its events until the server closes the stream, or
    /// <paramref name="timeout"/> passes (then it fails, with what arrived).
    /// </summary>
    public static async Task<IReadOnlyList<ReceivedEvent>> ReadAllAsync(HttpClient http, string path, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        using var cancel = new CancellationTokenSource(timeout);
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancel.Token);
        response.EnsureSuccessStatusCode();
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        var events = new List<ReceivedEvent>();
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cancel.Token), Encoding.UTF8);
        string? type = null;
        StringBuilder? data = null;
        try
        {
            while (await reader.ReadLineAsync(cancel.Token) is { } line)
            {
                if (line.Length == 0)
                {
                    if (data is not null)
                        events.Add(new ReceivedEvent(type ?? "message", data.ToString(), clock.Elapsed));
                    type = null;
                    data = null;
                }
                else if (line.StartsWith("event:", StringComparison.Ordinal))
                {
                    type = line[6..].TrimStart(' ');
                }
                else if (line.StartsWith("data:", StringComparison.Ordinal))
                {
                    var value = line.Length > 5 && line[5] == ' ' ? line[6..] : line[5..];
                    data = data is null ? new StringBuilder(value) : data.Append('\n').Append(value);
                }
            }
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
            Assert.Fail($"The event stream {path} did not end within {timeout}; received {events.Count} events, the last: {events.LastOrDefault()}");
        }
        return events;
    }
}
