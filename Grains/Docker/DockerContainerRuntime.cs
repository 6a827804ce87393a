using JobScheduler.Grains.Jobs;
using System.Globalization;
using System.Net;
using System.Text.Json;
using Docker.DotNet;
using Docker.DotNet.Models;
using JobScheduler.Grains.Execution;
using JobScheduler.Grains.Interfaces;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

using JobScheduler.Grains.Observability;

namespace JobScheduler.Grains.Docker;

/// <summary>
/// Runs an attempt's container on a Docker engine through Docker.DotNet: image check and pull,
/// create with the server's security defaults, start, wait with timeout and cancellation, output
/// tail, and removal whatever happened.
/// </summary>
public sealed partial class DockerContainerRuntime : IContainerRuntime
{
    // How long one wait request to the engine is trusted before the container's state is read directly.
    private static readonly TimeSpan ExitRecheckInterval = TimeSpan.FromSeconds(10);

    // The engine learns of an OOM kill from an event of its own, which can land just after the container's exit.
    private static readonly TimeSpan OomEventGrace = TimeSpan.FromMilliseconds(250);

    private readonly IDockerClient _client;
    private readonly ContainerOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<DockerContainerRuntime> _logger;
    private readonly SchedulerMetrics _metrics;

    /// <summary>Creates a runtime that talks to the engine behind <paramref name="client"/>, timing each call on <paramref name="metrics"/>.</summary>
    public DockerContainerRuntime(IDockerClient client, IOptions<ContainerOptions> options, TimeProvider timeProvider, ILogger<DockerContainerRuntime> logger, SchedulerMetrics metrics)
    {
        _metrics = metrics ?? throw new ArgumentNullException(nameof(metrics));
        ArgumentNullException.ThrowIfNull(options);
        _client = client ?? throw new ArgumentNullException(nameof(client));
        _options = options.Value;
        _timeProvider = timeProvider ?? throw new ArgumentNullException(nameof(timeProvider));
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
    }

    /// <inheritdoc />
    public string Endpoint => _options.DockerEndpoint;

    /// <inheritdoc />
    public async Task<bool> PingAsync(CancellationToken cancellationToken)
    {
        try
        {
            await EngineCall.RunAsync("ping", _metrics, token => _client.System.PingAsync(token), _options.PingTimeout, _timeProvider, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (Exception e) when (e is EngineUnavailableException or DockerApiException)
        {
            LogPingFailed(Endpoint, e.Message);
            return false;
        }
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<string>> ListImagesAsync(CancellationToken cancellationToken)
    {
        var images = await EngineCall.RunAsync("list_images", _metrics,
            token => _client.Images.ListImagesAsync(new ImagesListParameters(), token), _options.PingTimeout, _timeProvider, cancellationToken).ConfigureAwait(false);
        return [.. images.SelectMany(i => i.RepoTags ?? []).Where(t => t != "<none>:<none>")];
    }

    /// <inheritdoc />
    public async Task<int?> CountCpusAsync(CancellationToken cancellationToken)
    {
        try
        {
            var info = await EngineCall.RunAsync("info", _metrics, token => _client.System.GetSystemInfoAsync(token), _options.PingTimeout, _timeProvider, cancellationToken).ConfigureAwait(false);
            return info.NCPU > 0 ? (int)Math.Min(info.NCPU, int.MaxValue) : null;
        }
        catch (Exception e) when (e is EngineUnavailableException or DockerApiException)
        {
            LogInfoFailed(Endpoint, e.Message);
            return null;
        }
    }

    /// <inheritdoc />
    public async Task<AttemptResult> RunAsync(ContainerLaunch launch, Func<string, DateTimeOffset, Task> onStarted, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(launch);
        ArgumentNullException.ThrowIfNull(onStarted);

        // The container's span, current while the engine calls run, so that create, start, wait and remove are its children.
        using var activity = SchedulerTracing.StartContainer(launch.JobId, launch.Attempt, launch.Spec.Image);
        var result = await ExecuteAsync(launch, async outcome =>
        {
            var created = await CreateAsync(launch, outcome, cancellationToken).ConfigureAwait(false);
            if (created is not null)
            {
                outcome.ContainerId = created.ID;
                LogContainerCreated(launch.JobId, launch.Attempt, created.ID, launch.Spec.Image);
                await RunContainerAsync(launch, outcome, onStarted, cancellationToken).ConfigureAwait(false);
            }
        }, cancellationToken).ConfigureAwait(false);
        if (!result.Succeeded)
            activity?.SetStatus(System.Diagnostics.ActivityStatusCode.Error, SchedulerMetrics.ReasonCode(result.FailureReason));
        return result;
    }

    /// <summary>
    /// Creates the attempt's container. Under <see cref="ImagePullPolicy.IfNotPresent"/> the image is pulled first only
    /// when the engine lacks it, as <c>docker run</c> does: the image is not inspected before every container, because
    /// each engine call costs the engine's time, and a busy engine runs fewer containers per second for each call added
    /// (BENCHMARKS.md B1). <see cref="ImagePullPolicy.Always"/> pulls before every create; <see cref="ImagePullPolicy.Never"/>
    /// never pulls. Null when the image could not be had; <paramref name="outcome"/> then holds the reason.
    /// </summary>
    private async Task<CreateContainerResponse?> CreateAsync(ContainerLaunch launch, ContainerOutcome outcome, CancellationToken cancellationToken)
    {
        if (_options.PullPolicy == ImagePullPolicy.Always && !launch.LocalImage)
        {
            outcome.FailureReason = await PullAsync(launch, cancellationToken).ConfigureAwait(false);
            return outcome.FailureReason is null ? await CreateContainerAsync(launch, cancellationToken).ConfigureAwait(false) : null;
        }

        try
        {
            return await CreateContainerAsync(launch, cancellationToken).ConfigureAwait(false);
        }
        catch (DockerApiException e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
            // A 404 may also name a missing network; the image is what EnsureImageAsync checks and pulls.
            outcome.FailureReason = await EnsureImageAsync(launch, cancellationToken).ConfigureAwait(false);
            if (outcome.FailureReason is not null)
                return null;
            return await CreateContainerAsync(launch, cancellationToken).ConfigureAwait(false);
        }
    }

    private Task<CreateContainerResponse> CreateContainerAsync(ContainerLaunch launch, CancellationToken cancellationToken) =>
        EngineCall.RunAsync("create", _metrics, token => _client.Containers.CreateContainerAsync(ContainerDefinition.Build(launch, _options), token),
            _options.EngineCallTimeout, _timeProvider, cancellationToken);

    /// <inheritdoc />
    public async Task<JobLogs?> ReadLiveLogsAsync(string containerId, int attempt, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(containerId);
        try
        {
            return await EngineCall.RunAsync("logs", _metrics,
                token => ContainerOutputReader.ReadStoredLogsAsync(_client, containerId, attempt, complete: false, token),
                _options.EngineCallTimeout, _timeProvider, cancellationToken).ConfigureAwait(false);
        }
        catch (DockerApiException e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    /// <summary>
    /// The shell around one attempt, shared by <see cref="RunAsync"/> and <see cref="FollowAsync"/>: turns
    /// engine failures into reasons and removes the container whatever happened.
    /// </summary>
    private async Task<AttemptResult> ExecuteAsync(ContainerLaunch launch, Func<ContainerOutcome, Task> body, CancellationToken cancellationToken)
    {
        var outcome = new ContainerOutcome(launch.Attempt);
        var cancelled = false;
        try
        {
            await body(outcome).ConfigureAwait(false);
        }
        catch (EngineUnavailableException e)
        {
            LogEngineUnavailable(launch.JobId, launch.Attempt, Endpoint, e.Message);
            outcome.FailureReason = FailureReasons.With(FailureReasons.DockerUnavailable, Endpoint);
        }
        catch (DockerApiException e)
        {
            LogContainerError(launch.JobId, launch.Attempt, e.StatusCode, ShortMessage(e));
            outcome.FailureReason = FailureReasons.With(FailureReasons.ContainerError, ShortMessage(e));
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            outcome.FailureReason = FailureReasons.Cancelled;
            cancelled = true;
        }
        finally
        {
            if (outcome.ContainerId is not null)
            {
                await RemoveQuietlyAsync(launch, outcome.ContainerId).ConfigureAwait(false);
            }
            else if (cancelled)
            {
                // The engine may have created the container while the cancel interrupted the create: its name is known,
                // so it is not left behind in the Created state. (After an engine failure the worker's sweep does it.)
                await RemoveQuietlyAsync(launch, ContainerDefinition.Name(launch.JobId, launch.Attempt)).ConfigureAwait(false);
            }
        }

        LogAttemptEnded(launch.JobId, launch.Attempt, outcome.ExitCode, outcome.FailureReason);
        return outcome.ToResult(_timeProvider.GetUtcNow());
    }

    private async Task RunContainerAsync(ContainerLaunch launch, ContainerOutcome outcome, Func<string, DateTimeOffset, Task> onStarted, CancellationToken cancellationToken)
    {
        var containerId = outcome.ContainerId!;
        // The attempt's clock starts with the container, not with the image pull.
        var deadline = _timeProvider.GetUtcNow() + launch.Timeout;

        using var attached = await EngineCall.RunAsync("attach", _metrics, token => ContainerOutputReader.AttachAsync(_client, containerId, token),
            _options.EngineCallTimeout, _timeProvider, cancellationToken).ConfigureAwait(false);
        var gate = launch.StartGate;
        if (gate is not null && !gate.TryBeginStart(containerId))
        {
            // Cancelled before the start: the container never runs, and ExecuteAsync removes it.
            outcome.FailureReason = FailureReasons.Cancelled;
            return;
        }

        using var drain = new CancellationTokenSource();
        var output = ContainerOutputReader.ReadToEndAsync(attached, launch.Attempt, complete: true, drain.Token, launch.Output);
        try
        {
            try
            {
                await EngineCall.RunAsync("start", _metrics, token => _client.Containers.StartContainerAsync(containerId, new ContainerStartParameters(), token),
                    _options.EngineCallTimeout, _timeProvider, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                // A cancel waiting on the gate now removes the container (or learns that the start failed).
                gate?.StartFinished();
            }

            // The clock when the engine acknowledged the start, not the engine's own record of it: one inspect less
            // per container, for a start time a few milliseconds later than the engine's.
            outcome.StartedAt = _timeProvider.GetUtcNow();
            LogContainerStarted(launch.JobId, launch.Attempt, containerId);
            await onStarted(containerId, outcome.StartedAt.Value).ConfigureAwait(false);
            await AwaitExitAsync(launch, outcome, deadline, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            drain.CancelAfter(_options.LogDrainTimeout);
            outcome.Logs = await ReadOutputOrEmptyAsync(launch, output).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Waits for the running container to exit, killing it at <paramref name="deadline"/> (reason
    /// <c>timeout</c>) or when <paramref name="cancellationToken"/> fires (reason <c>cancelled</c>), then
    /// records its exit code and reason.
    /// </summary>
    private async Task AwaitExitAsync(ContainerLaunch launch, ContainerOutcome outcome, DateTimeOffset deadline, CancellationToken cancellationToken)
    {
        var containerId = outcome.ContainerId!;
        var remaining = deadline - _timeProvider.GetUtcNow();
        using var timeout = new CancellationTokenSource(remaining > TimeSpan.Zero ? remaining : TimeSpan.Zero, _timeProvider);
        using var stopped = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);

        string? stopReason = null;
        try
        {
            // Exit code 0 is a success whatever else the engine could say (an OOM kill the program survived is
            // not a failure), so only another ending costs an inspect, for the reason.
            if (await WaitForExitAsync(containerId, stopped.Token).ConfigureAwait(false) == 0)
            {
                outcome.ExitCode = 0;
                return;
            }
        }
        catch (OperationCanceledException) when (stopped.IsCancellationRequested)
        {
            stopReason = cancellationToken.IsCancellationRequested ? FailureReasons.Cancelled : FailureReasons.Timeout;
            LogKilling(launch.JobId, launch.Attempt, containerId, stopReason);
            await KillAsync(containerId).ConfigureAwait(false);
        }

        var exited = await InspectAsync(containerId, CancellationToken.None).ConfigureAwait(false);
        if (stopReason is null && exited.State is { OOMKilled: false, ExitCode: 137 })
        {
            // SIGKILLed and not by us: most often the kernel's OOM killer, whose event may not be recorded yet.
            await Task.Delay(OomEventGrace, _timeProvider, CancellationToken.None).ConfigureAwait(false);
            exited = await InspectAsync(containerId, CancellationToken.None).ConfigureAwait(false);
        }
        RecordExit(outcome, exited.State, stopReason);
    }

    /// <summary>
    /// Returns once the container no longer runs, with its exit code (null when the engine's answer carries an
    /// error instead). The engine's wait request is only trusted for a while at a time: under load (hundreds of
    /// short containers, a silo killed) it was seen to stay silent long after the container had exited, holding the
    /// worker's slot and renewing the job's lease forever. Between waits the container's state is read directly.
    /// </summary>
    private async Task<long?> WaitForExitAsync(string containerId, CancellationToken cancellationToken)
    {
        using var activity = SchedulerTracing.StartEngineCall("wait_exit");
        while (true)
        {
            using var slice = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            slice.CancelAfter(ExitRecheckInterval);
            try
            {
                var exited = await EngineCall.RunUnboundedAsync(token => _client.Containers.WaitContainerAsync(containerId, token).WaitAsync(token), slice.Token).ConfigureAwait(false);
                return exited.Error is null ? exited.StatusCode : null;
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                var state = await InspectAsync(containerId, cancellationToken).ConfigureAwait(false);
                if (!state.State.Running)
                {
                    LogSilentWait(containerId, ExitRecheckInterval.TotalSeconds);
                    return state.State.ExitCode;
                }
            }
        }
    }

    private static void RecordExit(ContainerOutcome outcome, ContainerState state, string? stopReason)
    {
        outcome.ExitCode = state.Running ? null : (int)state.ExitCode;
        outcome.FailureReason = stopReason ?? ReasonFor(state);
    }

    private async Task<string?> EnsureImageAsync(ContainerLaunch launch, CancellationToken cancellationToken)
    {
        var image = launch.Spec.Image;
        try
        {
            await EngineCall.RunAsync("inspect_image", _metrics, token => _client.Images.InspectImageAsync(image, token), _options.EngineCallTimeout, _timeProvider, cancellationToken).ConfigureAwait(false);
            return null;
        }
        catch (DockerApiException e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
            if (_options.PullPolicy == ImagePullPolicy.Never)
                return ImageUnavailable(launch, PullFailure.NotPresent, "the engine lacks it and the pull policy is Never");
        }

        return await PullAsync(launch, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Pulls the launch's image within <see cref="ContainerOptions.PullTimeout"/>; null when it worked, else the failure
    /// reason. The reason names the image and a fixed category only: what a registry answered (which the engine
    /// echoes in its error) goes to the log, never to the job, so a pull cannot be used to read remote servers.
    /// </summary>
    private async Task<string?> PullAsync(ContainerLaunch launch, CancellationToken cancellationToken)
    {
        var (failure, outcome) = await PullOnceAsync(launch, cancellationToken).ConfigureAwait(false);
        _metrics.ImagePulled(outcome);
        return failure;
    }

    private async Task<(string? Failure, string Outcome)> PullOnceAsync(ContainerLaunch launch, CancellationToken cancellationToken)
    {
        var image = launch.Spec.Image;
        LogPullingImage(launch.JobId, launch.Attempt, image);
        var progress = new PullProgress();
        try
        {
            await EngineCall.RunAsync("pull", _metrics,
                token => _client.Images.CreateImageAsync(new ImagesCreateParameters { FromImage = WithDefaultTag(image) }, null, progress, token),
                _options.PullTimeout, _timeProvider, cancellationToken).ConfigureAwait(false);
        }
        catch (DockerApiException e)
        {
            var category = PullFailure.Categorize(e.StatusCode);
            return (ImageUnavailable(launch, category, ShortMessage(e)), category);
        }
        catch (EngineUnavailableException e) when (e.InnerException is OperationCanceledException)
        {
            // The pull's own bound: the registry (or the engine's download) is too slow. A refused connection to the
            // engine itself is not caught here and fails the attempt as docker-unavailable.
            return (ImageUnavailable(launch, PullFailure.Timeout, e.Message), PullFailure.Timeout);
        }

        return progress.Error is null ? (null, "ok") : (ImageUnavailable(launch, PullFailure.Unreachable, progress.Error), PullFailure.Unreachable);
    }

    private string ImageUnavailable(ContainerLaunch launch, string category, string engineMessage)
    {
        var image = launch.Spec.Image;
        LogImageUnavailable(launch.JobId, launch.Attempt, image, category, Shorten(engineMessage));
        return FailureReasons.With(FailureReasons.ImageUnavailable, $"{image}: {category}");
    }

    private Task<ContainerInspectResponse> InspectAsync(string containerId, CancellationToken cancellationToken) =>
        EngineCall.RunAsync("inspect", _metrics, token => _client.Containers.InspectContainerAsync(containerId, token), _options.EngineCallTimeout, _timeProvider, cancellationToken);

    private async Task KillAsync(string containerId)
    {
        try
        {
            await EngineCall.RunAsync("kill", _metrics, token => _client.Containers.KillContainerAsync(containerId, new ContainerKillParameters { Signal = "SIGKILL" }, token),
                _options.EngineCallTimeout, _timeProvider, CancellationToken.None).ConfigureAwait(false);
            // Wait for the exit so the inspect that follows sees the exit code.
            await EngineCall.RunAsync("wait", _metrics, token => _client.Containers.WaitContainerAsync(containerId, token),
                _options.EngineCallTimeout, _timeProvider, CancellationToken.None).ConfigureAwait(false);
        }
        catch (DockerApiException e) when (e.StatusCode == HttpStatusCode.Conflict)
        {
            // It exited by itself between the deadline and the kill.
        }
    }

    private async Task<JobLogs> ReadOutputOrEmptyAsync(ContainerLaunch launch, Task<JobLogs> output)
    {
        try
        {
            return await output.ConfigureAwait(false);
        }
        catch (Exception e) when (e is DockerApiException or EngineUnavailableException or HttpRequestException or IOException or OperationCanceledException)
        {
            LogOutputUnavailable(launch.JobId, launch.Attempt, e.Message);
            return new JobLogs { Attempt = launch.Attempt, Complete = true };
        }
    }

    private async Task RemoveQuietlyAsync(ContainerLaunch launch, string containerId)
    {
        try
        {
            await RemoveAsync(containerId, CancellationToken.None).ConfigureAwait(false);
            LogContainerRemoved(launch.JobId, launch.Attempt, containerId);
        }
        catch (Exception e) when (e is DockerApiException or EngineUnavailableException)
        {
            // The worker's start-up reconciliation removes what is left behind here.
            LogRemoveFailed(launch.JobId, launch.Attempt, containerId, e.Message);
        }
    }

    private static string? ReasonFor(ContainerState state) => state switch
    {
        // An OOM kill that the program survived (exit 0) is not a failure.
        { OOMKilled: true, ExitCode: not 0 } => FailureReasons.OutOfMemory,
        { ExitCode: not 0 } => FailureReasons.With(FailureReasons.NonZeroExit, $"exit code {state.ExitCode}"),
        _ => null,
    };

    private static string WithDefaultTag(string image)
    {
        // Without a tag the engine would pull every tag of the repository.
        var name = image[(image.LastIndexOf('/') + 1)..];
        return name.Contains('@') || name.Contains(':') ? image : image + ":latest";
    }

    private static DateTimeOffset? ParseEngineTime(string? value) =>
        DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time) && time.Year > 1
            ? time.ToUniversalTime()
            : null;

    private static string ShortMessage(DockerApiException e)
    {
        var message = e.ResponseBody;
        try
        {
            using var body = JsonDocument.Parse(e.ResponseBody);
            if (body.RootElement.ValueKind == JsonValueKind.Object && body.RootElement.TryGetProperty("message", out var text))
            {
                message = text.GetString();
            }
        }
        catch (JsonException)
        {
            // Not the engine's JSON error shape; the raw body is the best message there is.
        }

        return string.IsNullOrWhiteSpace(message) ? e.StatusCode.ToString() : Shorten(message.Trim());
    }

    private static string Shorten(string message) => message.Length <= 300 ? message : message[..300];
}
