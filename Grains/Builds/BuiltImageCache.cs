using System.Collections.Concurrent;
using Docker.DotNet;
using Docker.DotNet.Models;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace JobScheduler.Grains.Builds;

/// <summary>
/// The least-recently-used bookkeeping of the images this worker's engine holds for builds. Each use (a build, a
/// reuse) is remembered; an image this process has not used since it started counts as used when it was created. After
/// each build, the images labelled <see cref="BuildLabels.Built"/> beyond <see cref="BuildOptions.CacheBudget"/> are
/// removed, least recently used first, skipping those in use by a running attempt. Sizes are the engine's (an image's
/// size includes layers it shares with others, so the sum over-counts and the budget errs on the small side).
/// </summary>
public sealed partial class BuiltImageCache(IDockerClient docker, IOptions<BuildOptions> options, TimeProvider time, ILogger<BuiltImageCache> logger)
{
    private readonly ConcurrentDictionary<string, DateTimeOffset> _lastUsed = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _inUse = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _pruning = new(1, 1);

    /// <summary>Marks <paramref name="tag"/> used now and in use until <see cref="Release"/>.</summary>
    public void Acquire(string tag)
    {
        _lastUsed[tag] = time.GetUtcNow();
        _inUse.AddOrUpdate(tag, 1, (_, n) => n + 1);
    }

    /// <summary>The attempt that used <paramref name="tag"/> ended.</summary>
    public void Release(string tag)
    {
        _lastUsed[tag] = time.GetUtcNow();
        if (_inUse.AddOrUpdate(tag, 0, (_, n) => n - 1) <= 0)
            _inUse.TryRemove(new KeyValuePair<string, int>(tag, 0));
    }

    /// <summary>Removes the least recently used built images beyond the budget; returns the tags removed.</summary>
    public async Task<IReadOnlyList<string>> PruneAsync(CancellationToken cancellationToken)
    {
        await _pruning.WaitAsync(cancellationToken);
        try
        {
            var images = await docker.Images.ListImagesAsync(new ImagesListParameters
            {
                Filters = new Dictionary<string, IDictionary<string, bool>> { ["label"] = new Dictionary<string, bool> { [$"{BuildLabels.Built}=true"] = true } },
            }, cancellationToken);
            var total = images.Sum(i => i.Size);
            var budget = options.Value.CacheBudget;
            var removed = new List<string>();
            var candidates = images
                .Select(i => (Image: i, Tag: (i.RepoTags ?? []).FirstOrDefault(t => t.StartsWith(BuildKeys.Repository + ":", StringComparison.Ordinal))))
                .Where(c => c.Tag is not null)
                .OrderBy(c => _lastUsed.TryGetValue(c.Tag!, out var used) ? used : new DateTimeOffset(c.Image.Created, TimeSpan.Zero))
                .ToList();
            foreach (var (image, tag) in candidates)
            {
                if (total <= budget)
                    break;
                if (_inUse.ContainsKey(tag!))
                    continue;
                try
                {
                    await docker.Images.DeleteImageAsync(tag!, new ImageDeleteParameters { Force = false, NoPrune = false }, cancellationToken);
                    total -= image.Size;
                    _lastUsed.TryRemove(tag!, out _);
                    removed.Add(tag!);
                    LogRemoved(tag!, image.Size);
                }
                catch (DockerApiException e)
                {
                    // In use by a container (ours or someone's), or gone already: the next prune looks again.
                    LogRemoveFailed(tag!, e.StatusCode);
                }
            }
            return removed;
        }
        finally
        {
            _pruning.Release();
        }
    }
}
