using System.Security.Cryptography;
using System.Text;
using JobScheduler.Grains.Interfaces;
using JobScheduler.Grains.Secrets;
using JobScheduler.Tests.Infrastructure;
using StackExchange.Redis;

namespace JobScheduler.Tests.Secrets;

/// <summary>
/// Secrets in cluster mode (Redis, two silo processes, an API process, real Docker): the container sees the value,
/// and after the job ran no Redis value of any type and no line any process printed contains it.
/// </summary>
[Collection("redis")]
[Trait("Category", "Cluster")]
public sealed class SecretEnvClusterTests(RedisFixture redis)
{
    [Fact]
    public async Task Job_WithSecretEnv_ValueInNoRedisValueNoProcessOutputNoAnswer()
    {
        var marker = "marker-" + Guid.NewGuid().ToString("N");
        // The scheduler's own code logs everything it has to say, so a leak in a debug line shows too.
        await using var cluster = new SchedulerCluster(redis.ConnectionString, silos: 2, environment: new Dictionary<string, string>
        {
            ["Logging__LogLevel__JobScheduler"] = "Trace",
        });
        var processes = cluster.Silos.Append(cluster.Api).ToArray();
        foreach (var process in processes)
            process.Watch(marker);
        await cluster.StartAsync();
        using var http = cluster.CreateApiClient();
        var jobs = new JobsHttpClient(http);

        // The container proves it saw the exact value by printing its hash: printing the value itself would put it
        // into the job's stored output, which is the job's own business (and in Redis).
        var job = await jobs.SubmitAsync(new JobSpec
        {
            Image = "busybox:latest",
            Command = ["sh", "-c", "printf %s \"$TOKEN\" | sha256sum"],
            SecretEnv = new Dictionary<string, string> { ["TOKEN"] = marker },
        });
        foreach (var process in processes)
            process.Watch(job.Id);
        var done = await jobs.WaitForTerminalAsync(job.Id, TimeSpan.FromSeconds(90));

        Assert.True(done.State == JobState.Succeeded, $"{done.State}: {done.CurrentAttempt?.FailureReason}{Environment.NewLine}{cluster.Diagnostics}");
        var expected = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(marker)));
        Assert.StartsWith(expected, (await jobs.GetLogsAsync(job.Id)).Stdout, StringComparison.Ordinal);
        Assert.Equal(["TOKEN"], done.SecretEnvNames);
        Assert.DoesNotContain(marker, await http.GetStringAsync($"api/v1/jobs/{job.Id}"), StringComparison.Ordinal);
        Assert.DoesNotContain(marker, await http.GetStringAsync("api/v1/jobs"), StringComparison.Ordinal);

        var scan = await ScanAsync(redis.ConnectionString, marker, job.Id);
        Assert.True(scan.Leaks.Count == 0, $"The secret is in Redis: {string.Join(", ", scan.Leaks)}");
        // The scan proves something only if it read the job's own state and the key ring.
        Assert.True(scan.KeysHoldingJobId > 0, $"No Redis value mentions job {job.Id}; the scan read {scan.Keys} keys.");
        Assert.Contains(SecretServiceCollectionExtensions.KeyRingKey(cluster.ClusterId), scan.KeyNames);

        await cluster.StopAsync();
        Assert.True(processes.Sum(p => p.Sightings(job.Id)) > 0, "No process printed the job id: the output capture proves nothing.");
        foreach (var process in processes)
            Assert.True(process.Sightings(marker) == 0, $"The secret is in a process's output.{Environment.NewLine}{process.OutputTail}");
    }

    private sealed record ScanResult(int Keys, int KeysHoldingJobId, List<string> Leaks, HashSet<string> KeyNames);

    /// <summary>Reads every key of every type in the database and looks for <paramref name="marker"/> in names and values.</summary>
    private static async Task<ScanResult> ScanAsync(string connectionString, string marker, string jobId)
    {
        await using var connection = await ConnectionMultiplexer.ConnectAsync(connectionString);
        var server = connection.GetServers().Single();
        var db = connection.GetDatabase();
        var needle = Encoding.UTF8.GetBytes(marker);
        var jobIdBytes = Encoding.UTF8.GetBytes(jobId);
        var leaks = new List<string>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        var holdingJobId = 0;
        await foreach (var key in server.KeysAsync(pattern: "*", pageSize: 500))
        {
            names.Add(key.ToString());
            var type = await db.KeyTypeAsync(key);
            var values = type switch
            {
                RedisType.String => [(byte[]?)await db.StringGetAsync(key)],
                RedisType.Hash => (await db.HashGetAllAsync(key)).SelectMany(e => new[] { (byte[]?)e.Name, (byte[]?)e.Value }).ToList(),
                RedisType.Set => (await db.SetMembersAsync(key)).Select(v => (byte[]?)v).ToList(),
                RedisType.SortedSet => (await db.SortedSetRangeByRankAsync(key)).Select(v => (byte[]?)v).ToList(),
                RedisType.List => (await db.ListRangeAsync(key)).Select(v => (byte[]?)v).ToList(),
                RedisType.Stream => (await db.StreamRangeAsync(key)).SelectMany(e => e.Values.SelectMany(v => new[] { (byte[]?)v.Name, (byte[]?)v.Value })).ToList(),
                RedisType.None => [],
                _ => throw new InvalidOperationException($"Key {key} has type {type}, which this scan cannot read."),
            };
            List<byte[]?> all = [(byte[]?)key, .. values];
            if (all.Any(v => v is not null && v.AsSpan().IndexOf(needle) >= 0))
                leaks.Add($"{key} ({type})");
            if (all.Any(v => v is not null && v.AsSpan().IndexOf(jobIdBytes) >= 0))
                holdingJobId++;
        }
        return new ScanResult(names.Count, holdingJobId, leaks, names);
    }
}
