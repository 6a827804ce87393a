using System.Text;
using Docker.DotNet;
using Docker.DotNet.Models;
using JobScheduler.Grains.Builds;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace JobScheduler.Tests.Builds;

/// <summary>
/// The LRU of built images on the real engine: over the budget, the least recently used labelled image goes first, one
/// in use is kept. The two test images are marked used long ago (a fake clock), so they are the least recently used of
/// all, and the budget is set to what the engine holds now minus one of them: nothing else is removed.
/// </summary>
[Collection(BuildCollection.Name)]
[Trait("Category", "Builds")]
public sealed class BuiltImageCacheTests : IAsyncLifetime
{
    private readonly DockerClient _docker = new DockerClientConfiguration(new Uri("unix:///var/run/docker.sock")).CreateClient();
    private readonly string _nonce = Guid.NewGuid().ToString("N")[..12];
    private string Older => $"{BuildKeys.Repository}:lru-older-{_nonce}";
    private string Newer => $"{BuildKeys.Repository}:lru-newer-{_nonce}";

    public async Task InitializeAsync()
    {
        await BuildAsync(Older, "older");
        await BuildAsync(Newer, "newer");
    }

    public async Task DisposeAsync()
    {
        foreach (var tag in new[] { Older, Newer })
        {
            try
            {
                await _docker.Images.DeleteImageAsync(tag, new ImageDeleteParameters());
            }
            catch (DockerApiException e) when (e.StatusCode == System.Net.HttpStatusCode.NotFound)
            {
            }
        }
        _docker.Dispose();
    }

    [Fact]
    public async Task Prune_OverBudget_RemovesTheLeastRecentlyUsedBuiltImageOnly()
    {
        var (cache, clock) = await CacheOverBudgetByAsync(Older);
        Use(cache, clock, Older, Newer);

        var removed = await cache.PruneAsync(CancellationToken.None);

        Assert.Equal([Older], removed);
        Assert.False(await ExistsAsync(Older));
        Assert.True(await ExistsAsync(Newer));
    }

    [Fact]
    public async Task Prune_LeastRecentlyUsedImageInUse_IsKeptAndTheNextOneGoes()
    {
        var (cache, clock) = await CacheOverBudgetByAsync(Older);
        Use(cache, clock, Older, Newer);
        cache.Acquire(Older);

        var removed = await cache.PruneAsync(CancellationToken.None);

        Assert.Equal([Newer], removed);
        Assert.True(await ExistsAsync(Older));
    }

    // Both marked used in 2001, the older first: the least recently used of every built image on the engine.
    private static void Use(BuiltImageCache cache, FakeTimeProvider clock, params string[] tags)
    {
        foreach (var tag in tags)
        {
            cache.Acquire(tag);
            cache.Release(tag);
            clock.Advance(TimeSpan.FromMinutes(1));
        }
    }

    private async Task<(BuiltImageCache Cache, FakeTimeProvider Clock)> CacheOverBudgetByAsync(string tag)
    {
        var images = await _docker.Images.ListImagesAsync(new ImagesListParameters
        {
            Filters = new Dictionary<string, IDictionary<string, bool>> { ["label"] = new Dictionary<string, bool> { [$"{BuildLabels.Built}=true"] = true } },
        });
        var size = (await _docker.Images.InspectImageAsync(tag)).Size;
        var budget = images.Sum(i => i.Size) - size;
        var clock = new FakeTimeProvider(new DateTimeOffset(2001, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var options = Options.Create(new BuildOptions { CacheBudget = budget });
        return (new BuiltImageCache(_docker, options, clock, NullLogger<BuiltImageCache>.Instance), clock);
    }

    private async Task BuildAsync(string tag, string content)
    {
        var dockerfile = Encoding.UTF8.GetBytes($"FROM busybox:latest\nLABEL test.content={content}-{_nonce}\n");
        using var archive = BuildContextArchive.Create(dockerfile, null);
        await _docker.Images.BuildImageFromDockerfileAsync(new ImageBuildParameters
        {
            Dockerfile = BuildContextArchive.DockerfileName,
            Tags = [tag],
            Labels = new Dictionary<string, string> { [BuildLabels.Built] = "true" },
            NetworkMode = "none",
            Remove = true,
        }, archive, [], new Dictionary<string, string>(), new Progress<JSONMessage>());
        Assert.True(await ExistsAsync(tag), $"{tag} was not built");
    }

    private async Task<bool> ExistsAsync(string tag)
    {
        try
        {
            await _docker.Images.InspectImageAsync(tag);
            return true;
        }
        catch (DockerApiException e) when (e.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            return false;
        }
    }
}
