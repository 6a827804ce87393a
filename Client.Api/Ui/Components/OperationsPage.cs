using JobScheduler.Grains.Interfaces;
using Microsoft.AspNetCore.Components;

namespace JobScheduler.Client.Api.Ui.Components;

/// <summary>
/// A <see cref="LivePage"/> that also reloads when an event of <see cref="LiveFilter"/> arrives on
/// <c>GET /api/v1/events</c> (read with the signed-in key, so a tenant sees only its queues' events). A burst of events
/// makes one reload <see cref="EventReloadDelay"/> later; the page's timer (every 5 s at most) still runs underneath,
/// so a dropped stream never leaves the page stale for long.
/// </summary>
public abstract class OperationsPage : LivePage
{
    /// <summary>How long after an event the page reloads: events in between are served by the same reload.</summary>
    public static readonly TimeSpan EventReloadDelay = TimeSpan.FromMilliseconds(250);

    private int _reloadPending;
    private CancellationTokenSource? _following;
    private string? _followed;

    /// <summary>The page's log.</summary>
    [Inject]
    protected ILogger<OperationsPage> Log { get; set; } = default!;

    /// <summary>The events that make this page reload, as the query string of <c>/api/v1/events</c> (empty: all).</summary>
    protected virtual string LiveFilter => "";

    /// <summary>Whether <paramref name="e"/> changes what the page shows; by default every event of the filter does.</summary>
    protected virtual bool Reloads(SchedulerEvent e) => true;

    /// <summary>
    /// Applies <paramref name="e"/> to what the page shows at once, before the reload (on the renderer's thread);
    /// by default nothing.
    /// </summary>
    protected virtual void Apply(SchedulerEvent e)
    {
    }

    /// <inheritdoc />
    protected override void OnAfterRender(bool firstRender)
    {
        base.OnAfterRender(firstRender);
        if (firstRender && RendererInfo.IsInteractive)
            Follow();
    }

    /// <inheritdoc />
    protected override async Task OnParametersSetAsync()
    {
        await base.OnParametersSetAsync();
        // The same page with other parameters (another filter) follows the events of its new filter.
        if (_following is not null && LiveFilter != _followed)
            Follow();
    }

    private void Follow()
    {
        _following?.Cancel();
        _following?.Dispose();
        _following = CancellationTokenSource.CreateLinkedTokenSource(PageClosed);
        _followed = LiveFilter;
        _ = FollowEventsAsync(_followed, _following.Token);
    }

    private async Task FollowEventsAsync(string filter, CancellationToken cancellationToken)
    {
        await Task.Yield();
        try
        {
            await foreach (var e in Api.ReadEventsAsync(filter, OnDropped, cancellationToken))
            {
                if (!Reloads(e))
                    continue;
                await InvokeAsync(() =>
                {
                    Apply(e);
                    StateHasChanged();
                });
                if (Interlocked.Exchange(ref _reloadPending, 1) == 0)
                    _ = ReloadSoonAsync();
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The page was closed, or follows another filter now.
        }
        catch (ObjectDisposedException) when (cancellationToken.IsCancellationRequested)
        {
            // The page was closed while a call was on its way.
        }
    }

    private async Task ReloadSoonAsync()
    {
        await Task.Delay(EventReloadDelay, PageClosed).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        Interlocked.Exchange(ref _reloadPending, 0);
        if (!PageClosed.IsCancellationRequested)
            await RefreshAsync();
    }

    private void OnDropped(Exception e) => OperationsPageLog.EventStreamDropped(Log, e);
}
