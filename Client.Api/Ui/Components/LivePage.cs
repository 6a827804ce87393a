using JobScheduler.Client.Api.Ui.Services;
using JobScheduler.Grains.Interfaces;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Options;

namespace JobScheduler.Client.Api.Ui.Components;

/// <summary>
/// A page that shows API data and keeps it current. <see cref="LoadAsync"/> runs when the page opens, then again when
/// an event of the page's <see cref="EventFilter"/> arrives from the circuit's <see cref="UiEventFeed"/> (at most once a
/// second, bursts coalesced). Without a live stream it refreshes on a timer instead, no more often than
/// <see cref="UiOptions.RefreshInterval"/> (at least 5 s). Nothing runs while the page is prerendered.
/// </summary>
public abstract class LivePage : ComponentBase, IAsyncDisposable
{
    private static readonly TimeSpan EventRefreshSpacing = TimeSpan.FromSeconds(1);

    private readonly CancellationTokenSource _stop = new();
    private readonly SemaphoreSlim _loading = new(1, 1);
    private Task? _loop;
    private IDisposable? _subscription;
    private string? _subscribedFilter;
    private int _eventRefreshPending;

    /// <summary>The API client of this circuit.</summary>
    [Inject]
    protected UiApiClient Api { get; set; } = default!;

    /// <summary>The circuit's event stream.</summary>
    [Inject]
    protected UiEventFeed Feed { get; set; } = default!;

    /// <summary>The UI's options.</summary>
    [Inject]
    protected IOptions<UiOptions> UiOptions { get; set; } = default!;

    /// <summary>The clock of the page's refresh timer and of its coalescing of events.</summary>
    [Inject]
    protected TimeProvider Clock { get; set; } = default!;

    /// <summary>Cancelled when the page goes away.</summary>
    protected CancellationToken PageClosed => _stop.Token;

    /// <summary>The last problem the API answered, shown by the page; cleared by a successful load.</summary>
    protected ApiProblem? Problem { get; set; }

    /// <summary>
    /// The events that make this page reload, as a query string of <c>/api/v1/events</c> (<c>jobId=…</c>; empty for
    /// every event); null for a page that only refreshes on its timer.
    /// </summary>
    protected virtual string? EventFilter => "";

    /// <summary>Whether the timer should reload the page now: by default only while the event stream is down.</summary>
    protected virtual bool RefreshOnTimer => EventFilter is null || !Feed.Connected;

    /// <summary>Reads the page's data from the API.</summary>
    protected abstract Task LoadAsync(CancellationToken cancellationToken);

    /// <summary>Whether <paramref name="e"/> changes what the page shows; by default every event of the filter does.</summary>
    protected virtual bool Affects(SchedulerEvent e) => true;

    /// <summary>
    /// Whether the page draws an affecting event at once (<see cref="ApplyEvent"/>, then a render) before its coalesced
    /// reload; off by default, since a render per event costs more than the reload on a busy page.
    /// </summary>
    protected virtual bool AppliesEvents => false;

    /// <summary>Applies an affecting event to what the page shows, on the renderer's thread (when <see cref="AppliesEvents"/>).</summary>
    protected virtual void ApplyEvent(SchedulerEvent e)
    {
    }

    /// <inheritdoc />
    protected override async Task OnParametersSetAsync()
    {
        await LoadGuardedAsync();
        if (RendererInfo.IsInteractive)
            Subscribe();
    }

    /// <inheritdoc />
    protected override void OnAfterRender(bool firstRender)
    {
        if (!firstRender || !RendererInfo.IsInteractive)
            return;
        Subscribe();
        _loop = RefreshLoopAsync();
    }

    /// <summary>Loads again and re-renders (from any thread).</summary>
    protected Task RefreshAsync() => InvokeAsync(async () =>
    {
        await LoadGuardedAsync();
        StateHasChanged();
    });

    private async Task LoadGuardedAsync()
    {
        await _loading.WaitAsync(PageClosed);
        try
        {
            await LoadAsync(PageClosed);
        }
        finally
        {
            _loading.Release();
        }
    }

    private void Subscribe()
    {
        var filter = EventFilter;
        if (filter == _subscribedFilter && (_subscription is not null || filter is null))
            return;
        _subscription?.Dispose();
        _subscription = null;
        _subscribedFilter = filter;
        if (filter is not null)
            _subscription = Feed.Subscribe(filter, OnEventAsync);
    }

    private Task OnEventAsync(SchedulerEvent e)
    {
        if (!Affects(e))
            return Task.CompletedTask;
        if (AppliesEvents)
        {
            _ = InvokeAsync(() =>
            {
                ApplyEvent(e);
                StateHasChanged();
            });
        }
        if (Interlocked.Exchange(ref _eventRefreshPending, 1) == 1)
            return Task.CompletedTask;
        // Coalesces a burst into one reload a second later, off the feed's reading loop.
        _ = Task.Run(async () =>
        {
            await Task.Delay(EventRefreshSpacing, Clock, PageClosed).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            Interlocked.Exchange(ref _eventRefreshPending, 0);
            if (!PageClosed.IsCancellationRequested)
                await RefreshAsync();
        });
        return Task.CompletedTask;
    }

    private async Task RefreshLoopAsync()
    {
        using var timer = new PeriodicTimer(UiOptions.Value.RefreshInterval, Clock);
        try
        {
            while (await timer.WaitForNextTickAsync(PageClosed))
            {
                if (RefreshOnTimer)
                    await RefreshAsync();
            }
        }
        catch (OperationCanceledException) when (PageClosed.IsCancellationRequested)
        {
            // The page was closed.
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        _subscription?.Dispose();
        await _stop.CancelAsync();
        if (_loop is not null)
            await _loop.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _stop.Dispose();
        GC.SuppressFinalize(this);
    }
}
