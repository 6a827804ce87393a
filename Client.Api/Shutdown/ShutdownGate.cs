using Microsoft.Extensions.Options;

namespace JobScheduler.Client.Api.Shutdown;

/// <summary>
/// The API's graceful stop, before the web server and the Orleans client stop: on SIGTERM readiness turns 503 while
/// every request is still served (<see cref="ShutdownOptions.ReadinessDelay"/>); then new requests get 503 with
/// <c>Retry-After</c>, the admitted ones finish (<see cref="ShutdownOptions.RequestDrainTimeout"/>), and streams end.
/// A client that retries on 503 or on a refused connection, against another API process, loses nothing.
/// </summary>
public sealed partial class ShutdownGate(IOptions<ShutdownOptions> options, TimeProvider time, ILogger<ShutdownGate> logger) : IHostedLifecycleService
{
    private const int Serving = 0, Leaving = 1, Closed = 2;
    private static readonly TimeSpan InFlightPollInterval = TimeSpan.FromMilliseconds(50);
    private readonly CancellationTokenSource _streamsEnd = new();
    private int _state;
    private int _inFlight;

    /// <summary>True from SIGTERM on: readiness answers 503.</summary>
    public bool IsStopping => Volatile.Read(ref _state) != Serving;

    /// <summary>Admits a request, or false once the gate is closed (answer 503). An admitted request must call <see cref="Leave"/>.</summary>
    public bool TryEnter()
    {
        Interlocked.Increment(ref _inFlight);
        if (Volatile.Read(ref _state) != Closed)
            return true;
        Interlocked.Decrement(ref _inFlight);
        return false;
    }

    /// <summary>An admitted request has finished, or became a stream that the drain does not wait for.</summary>
    public void Leave() => Interlocked.Decrement(ref _inFlight);

    /// <summary>Cancelled when the drain is over: streams (events, log follow) end then.</summary>
    public CancellationToken StreamsEnd => _streamsEnd.Token;

    /// <inheritdoc />
    public async Task StoppingAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        Volatile.Write(ref _state, Leaving);
        LogLeaving(logger, settings.ReadinessDelay);
        await Task.Delay(settings.ReadinessDelay, time, cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);

        Volatile.Write(ref _state, Closed);
        LogClosed(logger, Volatile.Read(ref _inFlight), settings.RequestDrainTimeout);
        using var limit = new CancellationTokenSource(settings.RequestDrainTimeout, time);
        using var wait = CancellationTokenSource.CreateLinkedTokenSource(limit.Token, cancellationToken);
        while (Volatile.Read(ref _inFlight) > 0 && !wait.IsCancellationRequested)
            await Task.Delay(InFlightPollInterval, time, wait.Token).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        var left = Volatile.Read(ref _inFlight);
        if (left > 0)
            LogRequestsCut(logger, left);
        await _streamsEnd.CancelAsync();
    }

    /// <inheritdoc />
    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc />
    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc />
    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc />
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc />
    public Task StoppedAsync(CancellationToken cancellationToken)
    {
        _streamsEnd.Dispose();
        return Task.CompletedTask;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Stopping: readiness answers 503; requests are still served for {ReadinessDelay}")]
    private static partial void LogLeaving(ILogger logger, TimeSpan readinessDelay);

    [LoggerMessage(Level = LogLevel.Information, Message = "Stopping: new requests get 503; {InFlight} admitted requests get {RequestDrainTimeout} to finish")]
    private static partial void LogClosed(ILogger logger, int inFlight, TimeSpan requestDrainTimeout);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Stopping: {InFlight} requests or streams were still running at the end of the drain; they are cut")]
    private static partial void LogRequestsCut(ILogger logger, int inFlight);
}
