using System.Net.Sockets;

namespace JobScheduler.Grains.Docker;

/// <summary>
/// Bounds one engine request in time and turns the ways an unreachable engine shows up (socket
/// errors, HTTP errors, a call that never answers) into <see cref="EngineUnavailableException"/>.
/// API errors (<see cref="global::Docker.DotNet.DockerApiException"/>) and the caller's own
/// cancellation pass through unchanged.
/// </summary>
internal static class EngineCall
{
    public static async Task RunAsync(Func<CancellationToken, Task> call, TimeSpan limit, TimeProvider timeProvider, CancellationToken cancellationToken) =>
        await RunAsync<bool>(async token => { await call(token).ConfigureAwait(false); return true; }, limit, timeProvider, cancellationToken).ConfigureAwait(false);

    public static async Task<T> RunAsync<T>(Func<CancellationToken, Task<T>> call, TimeSpan limit, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        using var timeout = new CancellationTokenSource(limit, timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            // WaitAsync: the bound holds even when the client does not honour the token (a request stuck on the socket).
            return await call(linked.Token).WaitAsync(linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            // Either our bound fired or the HTTP client gave up on its own: both mean no answer.
            throw new EngineUnavailableException($"no answer within {limit.TotalSeconds:0.#} s", e);
        }
        catch (Exception e) when (IsConnectionFailure(e))
        {
            throw new EngineUnavailableException(e.GetBaseException().Message, e);
        }
    }

    /// <summary>Runs a call that may legitimately take long (waiting for an exit), translating only connection failures.</summary>
    public static async Task<T> RunUnboundedAsync<T>(Func<CancellationToken, Task<T>> call, CancellationToken cancellationToken)
    {
        try
        {
            return await call(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (IsConnectionFailure(e))
        {
            throw new EngineUnavailableException(e.GetBaseException().Message, e);
        }
    }

    private static bool IsConnectionFailure(Exception e) =>
        e is HttpRequestException or SocketException or IOException or TimeoutException;
}
