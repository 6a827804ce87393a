using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Docker.DotNet;
using Docker.DotNet.Models;
using JobScheduler.Grains.Interfaces;
using JobScheduler.Grains.Outbound;
using JobScheduler.Grains.Policy;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace JobScheduler.Grains.Builds;

/// <summary>
/// The build phase of an attempt whose job has <see cref="JobSpec.Build"/>: fetches the Dockerfile through the outbound
/// guard (always: it is small, and its bytes decide the image), checks its <c>FROM</c> images against the image policy,
/// finds or fetches the context, and builds on the engine with the classic builder, network <c>none</c> unless the
/// queue allows network access, within <see cref="BuildOptions.Timeout"/>. An image with the same content tag on the
/// engine is reused without building; with a context URL, the image built from the same recipe is found first and the
/// context is asked for conditionally (<c>If-None-Match</c> / <c>If-Modified-Since</c>), so an unchanged context is not
/// transferred again (see docs/builds.md).
/// </summary>
public sealed partial class ImageBuilder(
    IDockerClient docker,
    OutboundHttp outbound,
    SubmissionPolicy policy,
    BuiltImageCache cache,
    IOptions<BuildOptions> options,
    TimeProvider time,
    ILogger<ImageBuilder> logger)
{
    // Longest error detail taken from the engine's build output into a failure reason.
    private const int MaxReasonLength = 300;

    private readonly BuildOptions _options = options.Value;
    private readonly SemaphoreSlim _builds = new(options.Value.MaxConcurrentBuilds, options.Value.MaxConcurrentBuilds);
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _tagLocks = new(StringComparer.Ordinal);

    /// <summary>How many builds this process has run on the engine (reuses not counted).</summary>
    public long BuildCount => Interlocked.Read(ref _buildCount);

    private long _buildCount;

    /// <summary>
    /// Fetches, checks and builds (or reuses) the image of <paramref name="request"/>, writing the phase's output to
    /// <paramref name="log"/>. On success the image is in use (<see cref="BuiltImageCache.Acquire"/>) until the caller
    /// releases it. Never throws for a fetch, policy, build or engine failure: those are the outcome's reason.
    /// </summary>
    public async Task<BuildOutcome> BuildAsync(BuildRequest request, BuildLog log, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(log);
        var build = request.Build;
        try
        {
            log.Write("[build] fetching the Dockerfile");
            var dockerfileResponse = await FetchAsync(build.DockerfileUrl, "the Dockerfile", _options.MaxDockerfileBytes, null, cancellationToken);
            if (dockerfileResponse.Failure is { } dockerfileFailure)
                return Failed(request, log, FailureReasons.FetchFailed, dockerfileFailure);
            var dockerfile = dockerfileResponse.Response!.Body;

            if (await BaseImageRefusalAsync(request, dockerfile) is { } refusal)
                return Failed(request, log, FailureReasons.BuildFailed, refusal);

            byte[]? context = null;
            OutboundResponse? contextResponse = null;
            if (build.ContextUrl is { } contextUrl)
            {
                var recipe = BuildKeys.Recipe(dockerfile, build);
                var previous = await FindByRecipeAsync(recipe, cancellationToken);
                var fetched = await FetchAsync(contextUrl, "the build context", _options.MaxContextBytes, previous is { } found ? Conditional(found) : null, cancellationToken);
                if (fetched.Failure is { } contextFailure)
                    return Failed(request, log, FailureReasons.FetchFailed, contextFailure);
                if (fetched.Response!.StatusCode == (int)HttpStatusCode.NotModified && previous?.Tag is { } unchanged)
                {
                    log.Write($"[build] the context is unchanged (304 Not Modified): reusing {unchanged}");
                    return Reused(request, unchanged);
                }
                contextResponse = fetched.Response;
                context = contextResponse.Body;
            }

            var tag = BuildKeys.ContentTag(dockerfile, context, build);
            var tagLock = _tagLocks.GetOrAdd(tag, _ => new SemaphoreSlim(1, 1));
            await tagLock.WaitAsync(cancellationToken);
            try
            {
                // One build per content at a time: a second job with the same content waits, then finds the image.
                if (await ExistsAsync(tag, cancellationToken))
                {
                    log.Write($"[build] the same content was built before: reusing {tag}");
                    return Reused(request, tag);
                }
                return await RunBuildAsync(request, log, tag, dockerfile, context, contextResponse, cancellationToken);
            }
            finally
            {
                tagLock.Release();
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            log.Write("[build] cancelled");
            return new BuildOutcome(null, FailureReasons.Cancelled, false);
        }
        catch (Exception e) when (e is HttpRequestException or IOException or SocketException or TimeoutException)
        {
            // The engine's socket, not the user's content: retried like any engine outage.
            LogEngineUnavailable(e, request.JobId, request.Attempt);
            log.Write("[build] the Docker engine could not be reached");
            return new BuildOutcome(null, FailureReasons.DockerUnavailable, false);
        }
    }

    private async Task<BuildOutcome> RunBuildAsync(
        BuildRequest request, BuildLog log, string tag, byte[] dockerfile, byte[]? context, OutboundResponse? contextResponse, CancellationToken cancellationToken)
    {
        var build = request.Build;
        MemoryStream archive;
        try
        {
            archive = BuildContextArchive.Create(dockerfile, context);
        }
        catch (Exception e) when (e is InvalidDataException or FormatException or EndOfStreamException)
        {
            return Failed(request, log, FailureReasons.BuildFailed, "the build context is not a tar archive (optionally gzip-compressed)");
        }

        var network = await policy.AllowsNetworkAsync(request.Queue) ? _options.AllowedNetworkMode : "none";
        var labels = new Dictionary<string, string>(StringComparer.Ordinal) { [BuildLabels.Built] = "true" };
        if (build.ContextUrl is not null)
        {
            labels[BuildLabels.Recipe] = BuildKeys.Recipe(dockerfile, build);
            if (contextResponse?.ETag is { } etag)
                labels[BuildLabels.ContextETag] = etag;
            if (contextResponse?.LastModified is { } modified)
                labels[BuildLabels.ContextLastModified] = modified.ToString("R", CultureInfo.InvariantCulture);
        }

        var parameters = new ImageBuildParameters
        {
            Dockerfile = BuildContextArchive.DockerfileName,
            Tags = [tag],
            Labels = labels,
            BuildArgs = build.BuildArgs.ToDictionary(a => a.Key, a => a.Value, StringComparer.Ordinal),
            Target = build.Target,
            NetworkMode = network,
            Remove = true,
            ForceRemove = true,
        };

        await _builds.WaitAsync(cancellationToken);
        try
        {
            log.Write($"[build] building {tag} (network {network}, at most {_options.Timeout.TotalSeconds:0} s)");
            LogBuilding(request.JobId, request.Attempt, tag, network);
            Interlocked.Increment(ref _buildCount);
            var progress = new BuildProgress(log);
            using var timeout = new CancellationTokenSource(_options.Timeout, time);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
            try
            {
                using (archive)
                    await docker.Images.BuildImageFromDockerfileAsync(parameters, archive, [], new Dictionary<string, string>(), progress, linked.Token);
            }
            catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                return Failed(request, log, FailureReasons.BuildFailed, $"the build took longer than {_options.Timeout.TotalSeconds:0} s");
            }
            catch (DockerApiException e)
            {
                return Failed(request, log, FailureReasons.BuildFailed, Shorten(e.ResponseBody ?? e.StatusCode.ToString()));
            }

            if (progress.Error is { } error)
                return Failed(request, log, FailureReasons.BuildFailed, Shorten(error));
            if (!await ExistsAsync(tag, cancellationToken))
                return Failed(request, log, FailureReasons.BuildFailed, "the engine reported no image");
        }
        finally
        {
            _builds.Release();
        }

        log.Write($"[build] built {tag}");
        LogBuilt(request.JobId, request.Attempt, tag);
        cache.Acquire(tag);
        _ = Task.Run(() => PruneQuietlyAsync(), CancellationToken.None);
        return new BuildOutcome(tag, null, false);
    }

    private async Task PruneQuietlyAsync()
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2), time);
            await cache.PruneAsync(timeout.Token);
        }
        catch (Exception e) when (e is DockerApiException or HttpRequestException or IOException or OperationCanceledException)
        {
            LogPruneFailed(e);
        }
    }

    private BuildOutcome Reused(BuildRequest request, string tag)
    {
        LogReused(request.JobId, request.Attempt, tag);
        cache.Acquire(tag);
        return new BuildOutcome(tag, null, true);
    }

    private BuildOutcome Failed(BuildRequest request, BuildLog log, string code, string detail)
    {
        var reason = FailureReasons.With(code, detail);
        log.Write($"[build] {reason}");
        LogBuildFailed(request.JobId, request.Attempt, reason);
        return new BuildOutcome(null, reason, false);
    }

    private async Task<string?> BaseImageRefusalAsync(BuildRequest request, byte[] dockerfile)
    {
        IReadOnlyList<string> bases;
        try
        {
            bases = DockerfileBaseImages.Parse(Encoding.UTF8.GetString(dockerfile), request.Build.BuildArgs);
        }
        catch (FormatException e)
        {
            return $"the Dockerfile cannot be read: {e.Message}";
        }
        foreach (var image in bases)
        {
            if (!IsImageReference(image))
                return $"the base image '{Shorten(image)}' is not a valid image reference";
            if (await policy.BaseImageRefusalAsync(image, request.Queue) is { } refusal)
                return $"the base image '{image}' is refused: {refusal}";
        }
        return null;
    }

    private static bool IsImageReference(string image) =>
        JobSpecValidator.Validate(new JobSpec { Image = image, Command = ["x"] }, DateTimeOffset.MinValue).ContainsKey("image") is false;

    private async Task<(OutboundResponse? Response, string? Failure)> FetchAsync(
        string url, string what, long maxBytes, IReadOnlyDictionary<string, string>? headers, CancellationToken cancellationToken)
    {
        var request = new OutboundRequest(HttpMethod.Get, new Uri(url)) { MaxResponseBytes = maxBytes };
        if (headers is not null)
            request = request with { Headers = headers };
        try
        {
            var response = await outbound.SendAsync(request, retry: true, cancellationToken);
            if (response.IsSuccess || (headers is not null && response.StatusCode == (int)HttpStatusCode.NotModified))
                return (response, null);
            return (null, $"{what}: the server answered {response.StatusCode}");
        }
        catch (OutboundRefusedException e)
        {
            return (null, $"{what}: {e.Message}");
        }
    }

    private async Task<(string? Tag, IDictionary<string, string> Labels)?> FindByRecipeAsync(string recipe, CancellationToken cancellationToken)
    {
        var images = await docker.Images.ListImagesAsync(new ImagesListParameters
        {
            Filters = new Dictionary<string, IDictionary<string, bool>> { ["label"] = new Dictionary<string, bool> { [$"{BuildLabels.Recipe}={recipe}"] = true } },
        }, cancellationToken);
        var found = images
            .Where(i => i.Labels is not null && (i.Labels.ContainsKey(BuildLabels.ContextETag) || i.Labels.ContainsKey(BuildLabels.ContextLastModified)))
            .OrderByDescending(i => i.Created)
            .FirstOrDefault();
        return found is null ? null : ((found.RepoTags ?? []).FirstOrDefault(t => t.StartsWith(BuildKeys.Repository + ":", StringComparison.Ordinal)), found.Labels);
    }

    private static Dictionary<string, string> Conditional((string? Tag, IDictionary<string, string> Labels) previous)
    {
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (previous.Labels.TryGetValue(BuildLabels.ContextETag, out var etag))
            headers["If-None-Match"] = etag;
        if (previous.Labels.TryGetValue(BuildLabels.ContextLastModified, out var modified))
            headers["If-Modified-Since"] = modified;
        return headers;
    }

    private async Task<bool> ExistsAsync(string tag, CancellationToken cancellationToken)
    {
        try
        {
            await docker.Images.InspectImageAsync(tag, cancellationToken);
            return true;
        }
        catch (DockerImageNotFoundException)
        {
            return false;
        }
        catch (DockerApiException e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
            return false;
        }
    }

    private static string Shorten(string text)
    {
        var flat = new string(text.Trim().Select(c => char.IsControl(c) ? ' ' : c).ToArray());
        return flat.Length <= MaxReasonLength ? flat : flat[..MaxReasonLength] + "…";
    }

    /// <summary>Takes the engine's build messages in order, on the caller's thread (no synchronization context hop).</summary>
    private sealed class BuildProgress(BuildLog log) : IProgress<JSONMessage>
    {
        public string? Error { get; private set; }

        public void Report(JSONMessage value)
        {
            if (!string.IsNullOrWhiteSpace(value.Stream))
                log.Write(value.Stream);
            var error = value.Error?.Message ?? value.ErrorMessage;
            if (!string.IsNullOrEmpty(error))
            {
                Error ??= error;
                log.Write(error);
            }
        }
    }
}
