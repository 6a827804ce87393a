using System.Diagnostics;
using System.Net.Sockets;
using JobScheduler.Grains.Observability;

namespace JobScheduler.Grains.Docker;

/// <summary>
/// Bounds one engine request in time and turns the ways an unreachable engine shows up (socket
/// errors, HTTP errors, a call that never answers) into <see cref="EngineUnavailableException"/>.
/// API errors (<see cref="global::Docker.DotNet.DockerApiException"/>) and the caller's own
/// cancellation pass through unchanged. Each call's latency and outcome are recorded on
/// <see cref="SchedulerMetrics"/> under <c>call</c>, a fixed name.
/// </summary>
internal static class EngineCall
{
    public static async Task RunAsync(string call, SchedulerMetrics metrics, Func<CancellationToken, Task> request, TimeSpan limit, TimeProvider timeProvider, CancellationToken cancellationToken) =>
        await RunAsync<bool>(call, metrics, async token => { await request(token).ConfigureAwait(false); return true; }, limit, timeProvider, cancellationToken).ConfigureAwait(false);

    public static async Task<T> RunAsync<T>(string call, SchedulerMetrics metrics, Func<CancellationToken, Task<T>> request, TimeSpan limit, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        using var timeout = new CancellationTokenSource(limit, timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        using var activity = SchedulerTracing.StartEngineCall(call);
        var began = timeProvider.GetTimestamp();
        EngineCallOutcome? outcome = null;
        try
        {
            // WaitAsync: the bound holds even when the client does not honour the token (a request stuck on the socket).
            var result = await request(linked.Token).WaitAsync(linked.Token).ConfigureAwait(false);
            outcome = EngineCallOutcome.Ok;
            return result;
        }
        catch (global::Docker.DotNet.DockerApiException)
        {
            // The engine answered, with an error (no such container, a registry's refusal, ...).
            outcome = EngineCallOutcome.Error;
            throw;
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            // Either our bound fired or the HTTP client gave up on its own: both mean no answer.
            outcome = EngineCallOutcome.Unavailable;
            throw new EngineUnavailableException($"no answer within {limit.TotalSeconds:0.#} s", e);
        }
        catch (Exception e) when (IsConnectionFailure(e))
        {
            outcome = EngineCallOutcome.Unavailable;
            throw new EngineUnavailableException(e.GetBaseException().Message, e);
        }
        finally
        {
            // Neither an answer nor a lost engine: the caller gave up, or the client failed in some other way.
            var ended = outcome ?? (cancellationToken.IsCancellationRequested ? EngineCallOutcome.Cancelled : EngineCallOutcome.Error);
            metrics.EngineCalled(call, ended, timeProvider.GetElapsedTime(began));
            if (ended != EngineCallOutcome.Ok)
                activity?.SetStatus(ActivityStatusCode.Error, ended.ToString());
        }
    }

    /// <summary>Runs a call that may legitimately take long (waiting for an exit), translating only connection failures; not timed.</summary>
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

    // A refused TLS handshake (Scheduler:Containers:TlsCertPath: a certificate expired, revoked or from the wrong CA)
    // leaves the engine as unreachable as a closed port.
    private static bool IsConnectionFailure(Exception e) =>
        e is HttpRequestException or SocketException or IOException or TimeoutException or System.Security.Authentication.AuthenticationException;
}
