using JobScheduler.Client.Api.Ui.Services;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Options;

namespace JobScheduler.Client.Api.Ui.Components;

/// <summary>
/// A page that shows API data and keeps it current: <see cref="LoadAsync"/> runs on first render and again on each
/// refresh, no more often than <see cref="UiOptions.RefreshInterval"/> (at least 5 s), and only while the page is
/// interactive (not while it is prerendered).
/// </summary>
public abstract class LivePage : ComponentBase, IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private Task? _loop;

    /// <summary>The API client of this circuit.</summary>
    [Inject]
    protected UiApiClient Api { get; set; } = default!;

    /// <summary>The UI's options.</summary>
    [Inject]
    protected IOptions<UiOptions> UiOptions { get; set; } = default!;

    /// <summary>Cancelled when the page goes away.</summary>
    protected CancellationToken PageClosed => _stop.Token;

    /// <summary>The last problem the API answered, shown by the page; cleared by a successful load.</summary>
    protected ApiProblem? Problem { get; set; }

    /// <summary>Reads the page's data from the API.</summary>
    protected abstract Task LoadAsync(CancellationToken cancellationToken);

    /// <inheritdoc />
    protected override async Task OnParametersSetAsync() => await LoadAsync(PageClosed);

    /// <inheritdoc />
    protected override void OnAfterRender(bool firstRender)
    {
        if (firstRender && RendererInfo.IsInteractive)
            _loop = RefreshLoopAsync();
    }

    /// <summary>Loads again and re-renders (from any thread).</summary>
    protected Task RefreshAsync() => InvokeAsync(async () =>
    {
        await LoadAsync(PageClosed);
        StateHasChanged();
    });

    private async Task RefreshLoopAsync()
    {
        using var timer = new PeriodicTimer(UiOptions.Value.RefreshInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(PageClosed))
                await RefreshAsync();
        }
        catch (OperationCanceledException) when (PageClosed.IsCancellationRequested)
        {
            // The page was closed.
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        if (_loop is not null)
            await _loop.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _stop.Dispose();
        GC.SuppressFinalize(this);
    }
}
