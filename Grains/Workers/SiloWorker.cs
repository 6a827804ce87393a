using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Threading.Channels;
using JobScheduler.Grains.Builds;
using JobScheduler.Grains.Execution;
using JobScheduler.Grains.Hosting;
using JobScheduler.Grains.Interfaces;
using JobScheduler.Grains.Jobs;
using JobScheduler.Grains.Observability;
using JobScheduler.Grains.Queues;
using JobScheduler.Grains.Secrets;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Runtime;

namespace JobScheduler.Grains.Workers;

/// <summary>
/// The worker of one silo: a background loop that pulls ready jobs from the queues while it has free
/// slots, claims each from its job grain (which fences it with a new attempt number), runs its
/// container through <see cref="IContainerRuntime"/> off any grain call, and reports the result once.
/// </summary>
public sealed partial class SiloWorker(
    GrainReferences grains,
    IContainerRuntime runtime,
    ImageBuilder builder,
    BuiltImageCache imageCache,
    SecretEnvProtector secrets,
    ILocalSiloDetails silo,
    IOptions<WorkerOptions> options,
    EffectiveSettingsSource effectiveSettings,
    IOptions<LeaseOptions> leaseOptions,
    IClusterMembershipService membership,
    IOptions<ClusterOptions> cluster,
    TimeProvider time,
    SchedulerMetrics metrics,
    ILogger<SiloWorker> logger) : ILifecycleParticipant<ISiloLifecycle>
{
    private readonly WorkerOptions _options = options.Value;
    private readonly ConcurrentDictionary<string, RunningAttempt> _running = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Task> _attemptTasks = new(StringComparer.Ordinal);
    private readonly Channel<string> _wakeUps = Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleReader = true });
    private readonly CancellationTokenSource _stopping = new();

    // How long a cancel waits for a container start already under way, before removing the container regardless.
    private static readonly TimeSpan StartWaitLimit = TimeSpan.FromSeconds(10);

    // Jobs whose claim is in flight: a cancel that arrives before the claim's answer marks the attempt here, so that
    // the answer starts nothing. Guarded by _claimsLock, which also orders a claim's tracking with a cancel's lookup.
    private readonly Lock _claimsLock = new();
    private readonly Dictionary<string, int?> _claims = new(StringComparer.Ordinal);

    // Queues this worker has heard of; only the loop touches it (the heartbeats read a copy).
    private readonly HashSet<string> _queues = new(StringComparer.Ordinal) { JobSpec.DefaultQueue };
    private volatile string[] _knownQueues = [JobSpec.DefaultQueue];
    private volatile bool _draining;
    // Guards _draining's changes and _pulling, so that a drain and a pull agree on which came first.
    private readonly Lock _drainLock = new();
    private bool _pulling;
    private DateTimeOffset? _lastPolled;
    private Task _loop = Task.CompletedTask;
    private TimedLoop? _pulls;
    private Task _heartbeats = Task.CompletedTask;

    /// <summary>The worker id: its silo's address, also the key of its <see cref="IWorkerGrain"/>.</summary>
    public string Id => silo.SiloAddress.ToParsableString();

    /// <inheritdoc />
    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(SiloWorker), ServiceLifecycleStage.Active, StartAsync, StopAsync);

    /// <summary>Asks the loop to pull from <paramref name="queue"/> (or just to look again when empty).</summary>
    public void WakeUp(string queue = "")
    {
        _wakeUps.Writer.TryWrite(queue);
        _pulls?.WakeEarly();
    }

    /// <summary>
    /// Kills and removes the container of the attempt, if this worker runs it, before returning: a cancel
    /// answered to the user means the container is gone, even if this silo dies a moment later. An attempt
    /// whose container is not started yet never starts: its claim's answer or its start gate sees the cancel.
    /// </summary>
    public async Task CancelAsync(string jobId, int attempt)
    {
        RunningAttempt? running;
        lock (_claimsLock)
        {
            if (!_running.TryGetValue(jobId, out running) || running.Attempt != attempt)
            {
                // Claimed, but the claim's answer has not reached this worker yet.
                if (_claims.ContainsKey(jobId))
                    _claims[jobId] = attempt;
                return;
            }
        }
        LogCancelling(jobId, attempt);
        var started = running.StartGate is { } gate ? await gate.CloseAsync(StartWaitLimit, time) : null;
        await running.Cancellation.CancelAsync();
        if ((started ?? running.ContainerId) is { } containerId)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5), time);
            await runtime.RemoveAsync(containerId, timeout.Token);
        }
    }

    /// <summary>The output so far of a running attempt, or null when this worker does not run it.</summary>
    public async Task<JobLogs?> ReadLiveLogsAsync(string jobId, int attempt)
    {
        if (!_running.TryGetValue(jobId, out var running) || running.Attempt != attempt)
            return null;
        var build = running.Build;
        if (running.ContainerId is not { } containerId)
            return build is null ? null : new JobLogs { Attempt = attempt, Build = build.Text, BuildTruncated = build.Truncated };
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10), time);
        var logs = await runtime.ReadLiveLogsAsync(containerId, attempt, timeout.Token);
        return build is null || logs is null ? logs : logs with { Build = build.Text, BuildTruncated = build.Truncated };
    }

    /// <summary>
    /// The running attempt's output lines: those kept so far, then each one as the container writes it, until the
    /// attempt's result is reported. Nothing when this worker does not run that attempt.
    /// </summary>
    public IAsyncEnumerable<LogLine> FollowLogs(string jobId, int attempt, CancellationToken cancellationToken) =>
        _running.TryGetValue(jobId, out var running) && running.Attempt == attempt
            ? running.Output.FollowAsync(cancellationToken)
            : AsyncEnumerable.Empty<LogLine>();

    /// <summary>Capacity, running jobs, state and whether the container engine answers.</summary>
    public async Task<WorkerStatus> GetStatusAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5), time);
        var running = _running.Keys.ToArray();
        return new WorkerStatus
        {
            Worker = Id,
            Host = silo.DnsHostName,
            Slots = _slots,
            RunningJobs = running,
            DockerReachable = await runtime.PingAsync(timeout.Token),
            DockerEndpoint = runtime.Endpoint,
            State = _draining ? WorkerState.Draining : running.Length >= _slots ? WorkerState.Busy : WorkerState.Available,
            LastHeartbeat = _lastHeartbeat,
            LastPolled = _lastPolled,
        };
    }

    private async Task StartAsync(CancellationToken cancellationToken)
    {
        _slots = await ResolveSlotsAsync(cancellationToken);
        metrics.ObserveWorker(() => new WorkerLoad(_running.Count, _slots, _draining));
        LogStarting(Id, _slots, runtime.Endpoint);
        _loop = Task.Run(async () =>
        {
            // Containers left by this silo's previous life are taken over (or removed) before new work.
            await AdoptOrphansAsync(_stopping.Token);
            await RunLoopAsync(_stopping.Token);
        }, CancellationToken.None);
        _heartbeats = Task.Run(() => RunHeartbeatsAsync(_stopping.Token), CancellationToken.None);
        _active = true;
    }

    /// <summary>
    /// Pulls every <see cref="WorkerOptions.PollInterval"/>, or at once when woken; a failed pull (a queue or job grain
    /// moving between silos) is logged by the loop and tried again a poll interval later.
    /// </summary>
    private async Task RunLoopAsync(CancellationToken stopping)
    {
        _pulls = new TimedLoop(
            new TimedLoopSettings { Name = nameof(SiloWorker), Interval = _options.PollInterval, MaxBackoff = _options.PollInterval },
            async token =>
            {
                TakeWakeUps();
                await PullAsync(token);
                await SweepOrphansIfDueAsync(token);
                return TimedLoopStep.Wait;
            },
            time,
            logger);
        _pulls.Start(stopping);
        await _pulls.Completion;
    }

    private async Task PullAsync(CancellationToken stopping)
    {
        _lastPolled = time.GetUtcNow();
        foreach (var queue in _queues.ToArray())
        {
            var free = _slots - _running.Count;
            if (free <= 0 || _draining || stopping.IsCancellationRequested)
                return;

            // A drain never sees "idle" between a dequeue and the claims that start its jobs (see IsIdle).
            lock (_drainLock)
            {
                if (_draining)
                    return;
                _pulling = true;
            }
            try
            {
                var queueGrain = grains.Get<IQueueProtocolGrain>(queue);
                var batch = await queueGrain.Dequeue(Id, free);
                // The batch's jobs are claimed side by side: each claim waits on its job grain's state write, and one
                // after another they bounded a silo's dispatch rate by Redis's latency (BENCHMARKS.md B2).
                await Task.WhenAll(batch.Entries.Select(entry => ClaimAsync(queueGrain, entry, batch)));
            }
            finally
            {
                lock (_drainLock)
                    _pulling = false;
            }
        }
    }

    private async Task ClaimAsync(IQueueProtocolGrain queue, QueueEntry entry, QueueBatch batch)
    {
        lock (_claimsLock)
            _claims[entry.JobId] = null;
        using var claim = SchedulerTracing.StartClaim(entry.JobId);
        try
        {
            if (await grains.Get<IJobProtocolGrain>(entry.JobId).Claim(Id) is { } ticket)
            {
                bool cancelled;
                lock (_claimsLock)
                {
                    cancelled = _claims.TryGetValue(entry.JobId, out var cancelledAttempt) && cancelledAttempt == ticket.Attempt;
                    if (!cancelled)
                        Start(ticket, batch);
                }
                if (cancelled)
                {
                    LogCancelledBeforeStart(ticket.JobId, ticket.Attempt);
                    await queue.Release(entry.JobId, Id);
                }
            }
            else
            {
                await queue.Release(entry.JobId, Id);
            }
        }
        catch (Exception e)
        {
            // One job whose grain is unreachable (e.g. still placed on a dying silo) must not cost the rest
            // of the batch their turn; it goes back in line rather than waiting for its queued re-check.
            LogClaimFailed(e, entry.JobId);
            await queue.Release(entry.JobId, Id);
            await queue.Enqueue(entry);
        }
        finally
        {
            lock (_claimsLock)
                _claims.Remove(entry.JobId);
        }
    }

    /// <summary>Learns the queues named by the wake-ups since the last pull.</summary>
    private void TakeWakeUps()
    {
        while (_wakeUps.Reader.TryRead(out var queue))
        {
            if (queue.Length > 0 && _queues.Add(queue))
                _knownQueues = [.. _queues];
        }
    }

    private void Start(DispatchTicket ticket, QueueBatch queue)
    {
        // The job's stored settings alone decide how its container runs; a job stored before they existed is resolved now.
        var launch = LaunchFor(ticket.JobId, ticket.Attempt, ticket.Spec, ticket.Effective ?? effectiveSettings.AtClaim(ticket.Spec, queue)) with
        {
            StartGate = new StartGate(),
            TraceParent = ticket.TraceParent,
        };
        Track(launch, (running, job) =>
        {
            // Secrets are decrypted here, on the silo that creates the container, and live only in this launch.
            if (!TryUnsealSecrets(ticket, out var secretEnv))
                return Task.FromResult(new AttemptResult { Attempt = ticket.Attempt, EndedAt = time.GetUtcNow(), FailureReason = FailureReasons.SecretsUnavailable });
            var withSecrets = (secretEnv is null ? launch : launch with { Spec = launch.Spec with { SecretEnv = secretEnv } }) with { Output = running.Output };
            return withSecrets.Spec.Build is null
                ? runtime.RunAsync(withSecrets, (containerId, startedAt) => OnStartedAsync(job, running, containerId, startedAt), running.Cancellation.Token)
                : BuildAndRunAsync(withSecrets, job, running);
        });
    }

    /// <summary>
    /// The build phase (fetch, check, build or reuse; its output marked as build output in the attempt's logs), then the
    /// container from the built image. A failed phase ends the attempt with its reason and no container.
    /// </summary>
    private async Task<AttemptResult> BuildAndRunAsync(ContainerLaunch launch, IJobProtocolGrain job, RunningAttempt running)
    {
        var log = new BuildLog(running.Output);
        running.Build = log;
        var outcome = await builder.BuildAsync(new BuildRequest(launch.JobId, launch.Attempt, launch.Spec.Queue, launch.Spec.Build!), log, running.Cancellation.Token);
        if (outcome.Image is not { } image)
        {
            return new AttemptResult
            {
                Attempt = launch.Attempt,
                EndedAt = time.GetUtcNow(),
                FailureReason = outcome.FailureReason ?? FailureReasons.BuildFailed,
                Logs = new JobLogs { Attempt = launch.Attempt, Build = log.Text, BuildTruncated = log.Truncated, Complete = true },
            };
        }
        try
        {
            var run = launch with { Spec = launch.Spec with { Image = image }, LocalImage = true };
            var result = await runtime.RunAsync(run, (containerId, startedAt) => OnStartedAsync(job, running, containerId, startedAt), running.Cancellation.Token);
            return result with { Logs = result.Logs with { Build = log.Text, BuildTruncated = log.Truncated } };
        }
        finally
        {
            imageCache.Release(image);
        }
    }

    private bool TryUnsealSecrets(DispatchTicket ticket, out IReadOnlyDictionary<string, string>? secretEnv)
    {
        secretEnv = null;
        if (ticket.SealedSecretEnv is not { } sealedSecretEnv)
            return true;
        try
        {
            secretEnv = secrets.Unseal(ticket.JobId, sealedSecretEnv);
            return true;
        }
        catch (CryptographicException e)
        {
            // The exception names a key id at most, never a value.
            LogSecretsUnavailable(e, ticket.JobId, ticket.Attempt);
            return false;
        }
    }

    private ContainerLaunch LaunchFor(string jobId, int attempt, JobSpec spec, EffectiveJobSettings settings) =>
        new(jobId, attempt, Id, spec, settings.Timeout) { Cluster = ClusterId, Settings = settings };

    /// <summary>The cluster's id, which labels every container: a worker adopts and removes its own cluster's only.</summary>
    private string ClusterId => cluster.Value.ClusterId;

    /// <summary>Runs <paramref name="execute"/> for the attempt in the background, tracked in a slot, and reports its result once.</summary>
    private void Track(ContainerLaunch launch, Func<RunningAttempt, IJobProtocolGrain, Task<AttemptResult>> execute, string? containerId = null)
    {
        var running = new RunningAttempt(launch.JobId, launch.Attempt, launch.Spec, CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token), _options.LogFollowBuffer)
        {
            ContainerId = containerId,
            StartGate = launch.StartGate,
        };
        _running[launch.JobId] = running;
        _attemptTasks[launch.JobId] = Task.Run(() => RunAttemptAsync(launch, running, execute));
    }

    private async Task RunAttemptAsync(ContainerLaunch launch, RunningAttempt running, Func<RunningAttempt, IJobProtocolGrain, Task<AttemptResult>> execute)
    {
        var job = grains.Get<IJobProtocolGrain>(launch.JobId);
        using var scope = logger.BeginScope(new Dictionary<string, object> { ["JobId"] = launch.JobId, ["Attempt"] = launch.Attempt });
        using var activity = SchedulerTracing.StartAttempt(launch.JobId, launch.Attempt, running.Queue, launch.TraceParent);
        var began = time.GetUtcNow();
        try
        {
            var result = await execute(running, job);
            if (_stopping.IsCancellationRequested && result.FailureReason == FailureReasons.Cancelled)
                result = result with { FailureReason = FailureReasons.WorkerStopped };
            metrics.AttemptEnded(running.Queue, result, result.EndedAt - (result.StartedAt ?? began));
            await ReportAsync(job, result);
            // Followers end only now, so the state they read next is the attempt's outcome, not Running.
            running.Output.Complete();
        }
        catch (Exception e)
        {
            // Nothing awaits this task: log, and let the job's reminder notice the attempt.
            LogAttemptAbandoned(e, launch.JobId, launch.Attempt);
        }
        finally
        {
            running.Output.Complete();
            _running.TryRemove(launch.JobId, out _);
            _attemptTasks.TryRemove(launch.JobId, out _);
            running.Cancellation.Dispose();
            // Frees the job's place under its queue's limits now; a lost release is undone by the next heartbeat report.
            grains.Get<IQueueProtocolGrain>(running.Queue).Release(launch.JobId, Id).Ignore();
            WakeUp();
        }
    }

    private async Task OnStartedAsync(IJobProtocolGrain job, RunningAttempt running, string containerId, DateTimeOffset startedAt)
    {
        running.ContainerId = containerId;
        try
        {
            // Refused means the attempt is no longer current (e.g. cancelled while starting): stop it.
            if (!await job.ReportStarted(running.Attempt, containerId, startedAt))
                await running.Cancellation.CancelAsync();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The container runs on; its result is what counts and is reported with retries.
            LogReportStartedFailed(e, running.JobId, running.Attempt);
        }
    }

    private async Task ReportAsync(IJobProtocolGrain job, AttemptResult result)
    {
        var deadline = time.GetUtcNow() + _options.ReportRetryLimit;
        var delay = TimeSpan.FromMilliseconds(200);
        while (true)
        {
            try
            {
                if (!await job.ReportResult(result))
                    LogResultRejected(job.GetPrimaryKeyString(), result.Attempt);
                return;
            }
            catch (Exception e) when (time.GetUtcNow() < deadline)
            {
                LogReportRetry(e, job.GetPrimaryKeyString(), result.Attempt, delay);
                await Task.Delay(delay, time);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.FromSeconds(10).Ticks));
            }
        }
    }
}
