using System.Net.ServerSentEvents;
using System.Text.Json;
using System.Threading.Channels;
using JobScheduler.Grains.Interfaces;

namespace JobScheduler.Tests.Infrastructure;

/// <summary>
/// A client of <c>GET /api/v1/events</c>: opens the stream, reads it in the background and hands out the events (the
/// <c>ready</c> item and keep-alives aside), as a browser's EventSource would see them.
/// </summary>
public sealed class EventStreamClient : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop;
    private readonly Channel<SchedulerEvent> _events = Channel.CreateUnbounded<SchedulerEvent>();
    private readonly HttpResponseMessage _response;
    private readonly Task _reading;

    private EventStreamClient(HttpResponseMessage response, IAsyncEnumerator<SseItem<string>> items, CancellationTokenSource stop, string startId)
    {
        _response = response;
        _stop = stop;
        StartId = startId;
        LastId = startId;
        _reading = Task.Run(() => ReadAsync(items));
    }

    /// <summary>The id the stream started after (its <c>ready</c> item).</summary>
    public string StartId { get; }

    /// <summary>The id of the last event handed out (or <see cref="StartId"/>): what a reconnect sends as Last-Event-ID.</summary>
    public string LastId { get; private set; }

    /// <summary>Opens <paramref name="pathAndQuery"/> (e.g. <c>api/v1/events?jobId=…</c>), resuming after <paramref name="lastEventId"/> if given.</summary>
    public static async Task<EventStreamClient> OpenAsync(HttpClient client, string pathAndQuery, string? lastEventId = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, pathAndQuery);
        request.Headers.Accept.ParseAdd("text/event-stream");
        if (lastEventId is not null)
            request.Headers.Add("Last-Event-ID", lastEventId);
        var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadAsStreamAsync();
        var stop = new CancellationTokenSource();
        // The first item says where the stream starts: once it is read, every later event is on its way.
        var items = SseParser.Create(body).EnumerateAsync(stop.Token).GetAsyncEnumerator();
        if (!await items.MoveNextAsync() || items.Current.EventType != "ready")
            throw new InvalidOperationException("The stream did not start with its ready item.");
        return new EventStreamClient(response, items, stop, items.Current.EventId!);
    }

    /// <summary>Reads events until <paramref name="count"/> have arrived, or fails after <paramref name="timeout"/>.</summary>
    public async Task<List<SchedulerEvent>> TakeAsync(int count, TimeSpan timeout)
    {
        var taken = new List<SchedulerEvent>(count);
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            while (taken.Count < count)
            {
                var e = await _events.Reader.ReadAsync(deadline.Token);
                LastId = e.Id;
                taken.Add(e);
            }
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested)
        {
            throw new TimeoutException($"{taken.Count} of {count} events arrived within {timeout}: {string.Join(", ", taken.Select(Describe))}");
        }
        return taken;
    }

    /// <summary>Reads events until one satisfies <paramref name="last"/> (it included), or fails after <paramref name="timeout"/>.</summary>
    public async Task<List<SchedulerEvent>> TakeUntilAsync(Func<SchedulerEvent, bool> last, TimeSpan timeout)
    {
        var taken = new List<SchedulerEvent>();
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            while (true)
            {
                var e = await _events.Reader.ReadAsync(deadline.Token);
                LastId = e.Id;
                taken.Add(e);
                if (last(e))
                    return taken;
            }
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested)
        {
            throw new TimeoutException($"The awaited event did not arrive within {timeout}; got: {string.Join(", ", taken.Select(Describe))}");
        }
    }

    /// <summary>The events that have arrived and not been taken, without waiting.</summary>
    public List<SchedulerEvent> Drain()
    {
        var drained = new List<SchedulerEvent>();
        while (_events.Reader.TryRead(out var e))
        {
            LastId = e.Id;
            drained.Add(e);
        }
        return drained;
    }

    /// <summary>One event as <c>id job from→to</c>, for messages.</summary>
    public static string Describe(SchedulerEvent e) => $"{e.Id} {e.Kind} {e.JobId ?? e.WorkflowId ?? e.ScheduleId} {e.From}->{e.To}{e.StepState}";

    private async Task ReadAsync(IAsyncEnumerator<SseItem<string>> items)
    {
        await using var _ = items;
        try
        {
            while (await items.MoveNextAsync())
            {
                var item = items.Current;
                if (item.EventType is "ready" or "ping")
                    continue;
                var e = JsonSerializer.Deserialize<SchedulerEvent>(item.Data, SchedulerCluster.Json)!;
                if (e.Id != item.EventId)
                    throw new InvalidOperationException($"The event's data id {e.Id} differs from its SSE id {item.EventId}.");
                await _events.Writer.WriteAsync(e);
            }
            _events.Writer.TryComplete();
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or HttpRequestException)
        {
            _events.Writer.TryComplete();
        }
    }

    /// <summary>Closes the stream, as a client that goes away.</summary>
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _response.Dispose();
        await _reading.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _stop.Dispose();
    }
}
