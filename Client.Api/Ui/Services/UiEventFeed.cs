using System.Net.ServerSentEvents;
using System.Text.Json;
using JobScheduler.Grains.Interfaces;

namespace JobScheduler.Client.Api.Ui.Services;

/// <summary>
/// The circuit's one reader of <c>GET /api/v1/events</c> (Server-Sent Events, read with <see cref="SseParser"/>), with
/// the signed-in key, so tenants see only their queues' events. A page subscribes with the filter it needs
/// (<c>jobId=…</c>); with one subscriber the stream is filtered by the API, with several it is not. A dropped stream is
/// reopened after <see cref="RetryDelay"/>, resuming with <c>Last-Event-ID</c>, so nothing is missed.
/// </summary>
public sealed partial class UiEventFeed(UiApiClient api, TimeProvider time, ILogger<UiEventFeed> logger) : IAsyncDisposable
{
    /// <summary>How long the feed waits before reopening a dropped stream.</summary>
    public static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(2);

    private readonly Lock _gate = new();
    private readonly List<Subscription> _subscriptions = [];
    private CancellationTokenSource? _running;
    private Task? _reader;
    private string? _filter;

    /// <summary>Whether the stream is open now; pages fall back to refreshing on a timer when it is not.</summary>
    public bool Connected { get; private set; }

    /// <summary>
    /// Calls <paramref name="onEvent"/> for each event matching <paramref name="filter"/> (a query string of
    /// <c>/api/v1/events</c>, empty for every event the key may see) until the returned handle is disposed.
    /// </summary>
    public IDisposable Subscribe(string filter, Func<SchedulerEvent, Task> onEvent)
    {
        var subscription = new Subscription(this, filter, onEvent);
        lock (_gate)
            _subscriptions.Add(subscription);
        Restart();
        return subscription;
    }

    private void Unsubscribe(Subscription subscription)
    {
        lock (_gate)
            _subscriptions.Remove(subscription);
        Restart();
    }

    private void Restart()
    {
        lock (_gate)
        {
            var filters = _subscriptions.Select(s => s.Filter).Distinct(StringComparer.Ordinal).ToList();
            var wanted = _subscriptions.Count == 0 ? null : filters.Count == 1 ? filters[0] : "";
            if (wanted == _filter && (_reader is not null || wanted is null))
                return;
            _running?.Cancel();
            _running?.Dispose();
            _running = null;
            _reader = null;
            _filter = wanted;
            if (wanted is null)
                return;
            _running = new CancellationTokenSource();
            _reader = ReadAsync(wanted, _running.Token);
        }
    }

    private async Task ReadAsync(string filter, CancellationToken cancellationToken)
    {
        await Task.Yield();
        string? lastId = null;
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                var opened = await api.OpenStreamAsync("api/v1/events" + (filter.Length == 0 ? "" : "?" + filter), lastId, cancellationToken);
                if (opened.Ok && opened.Value is { } response)
                {
                    using (response)
                    {
                        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
                        Connected = true;
                        await foreach (var item in SseParser.Create(body).EnumerateAsync(cancellationToken))
                        {
                            if (item.EventId is { Length: > 0 } id)
                                lastId = id;
                            if (item.EventType is "job" or "schedule" or "workflow"
                                && JsonSerializer.Deserialize<SchedulerEvent>(item.Data, UiApiClient.Json) is { } e)
                                await DispatchAsync(e);
                        }
                    }
                }
                else if (opened.Problem?.Status is 401 or 403)
                {
                    LogRefused(opened.Problem.Status);
                    return; // The key may not read events: the pages refresh on their timers.
                }
            }
            catch (Exception e) when (e is HttpRequestException or IOException or JsonException && !cancellationToken.IsCancellationRequested)
            {
                LogDropped(e);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            finally
            {
                Connected = false;
            }

            await Task.Delay(RetryDelay, time, cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    private async Task DispatchAsync(SchedulerEvent e)
    {
        Subscription[] subscriptions;
        lock (_gate)
            subscriptions = [.. _subscriptions];
        foreach (var subscription in subscriptions)
            await subscription.OnEvent(e);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        Task? reader;
        lock (_gate)
        {
            _subscriptions.Clear();
            _running?.Cancel();
            reader = _reader;
        }

        if (reader is not null)
            await reader.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _running?.Dispose();
    }

    private sealed class Subscription(UiEventFeed feed, string filter, Func<SchedulerEvent, Task> onEvent) : IDisposable
    {
        public string Filter { get; } = filter;

        public Func<SchedulerEvent, Task> OnEvent { get; } = onEvent;

        public void Dispose() => feed.Unsubscribe(this);
    }
}
