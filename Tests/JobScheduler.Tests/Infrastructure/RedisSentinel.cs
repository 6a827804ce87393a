using System.Diagnostics;
using System.Globalization;
using System.Text;
using StackExchange.Redis;

namespace JobScheduler.Tests.Infrastructure;

/// <summary>
/// A real Redis Sentinel (<c>redis-sentinel</c>, Debian's package) on a free loopback port, monitoring one primary
/// under a service name, with fast failure detection (<c>down-after-milliseconds</c> 3000: at 1000, a newly promoted
/// primary that stalled for a second under the full suite's load was failed over again, to the restarted old primary). Its configuration file
/// (which it rewrites as it learns) lives in a temporary directory deleted on dispose.
/// </summary>
public sealed class RedisSentinel : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(15);
    private readonly StringBuilder _output = new();
    private readonly string _directory = Directory.CreateTempSubdirectory("jobscheduler-sentinel-").FullName;
    private Process? _process;
    private ConnectionMultiplexer? _client;

    /// <param name="serviceName">The name the primary is monitored under (the clients' <c>serviceName=</c>).</param>
    /// <param name="primaryPort">The primary's loopback port.</param>
    /// <param name="quorum">Sentinels that must agree the primary is down.</param>
    public RedisSentinel(string serviceName, int primaryPort, int quorum)
    {
        ServiceName = serviceName;
        Port = FreePort.Next();
        File.WriteAllText(ConfigPath, string.Join('\n',
            $"port {Port}",
            "bind 127.0.0.1",
            "daemonize no",
            $"dir {_directory}",
            $"sentinel monitor {serviceName} 127.0.0.1 {primaryPort} {quorum}",
            $"sentinel down-after-milliseconds {serviceName} 3000",
            $"sentinel failover-timeout {serviceName} 10000",
            $"sentinel parallel-syncs {serviceName} 1",
            ""));
    }

    /// <summary>The loopback port.</summary>
    public int Port { get; }

    /// <summary>The monitored service's name.</summary>
    public string ServiceName { get; }

    private string ConfigPath => Path.Combine(_directory, "sentinel.conf");

    /// <summary>Starts the sentinel and returns once it answers PING.</summary>
    public async Task StartAsync()
    {
        var info = new ProcessStartInfo(FindExecutable())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = _directory,
        };
        info.ArgumentList.Add(ConfigPath);
        _process = Process.Start(info) ?? throw new InvalidOperationException("Could not start redis-sentinel.");
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        _client = await ConnectionMultiplexer.ConnectAsync(new ConfigurationOptions
        {
            EndPoints = { { "127.0.0.1", Port } },
            CommandMap = CommandMap.Sentinel,
            AbortOnConnectFail = false,
        });
        await Eventually.Async(async () =>
        {
            if (_process.HasExited)
                Assert.Fail($"redis-sentinel exited with code {_process.ExitCode} on port {Port}:\n{Output}");
            try
            {
                await Server.PingAsync();
                return true;
            }
            catch (RedisConnectionException)
            {
                return false;
            }
        }, StartTimeout, () => $"redis-sentinel did not answer PING on port {Port}:\n{Output}");
    }

    /// <summary>The primary this sentinel names now (<c>SENTINEL get-master-addr-by-name</c>), e.g. <c>127.0.0.1:6379</c>.</summary>
    public async Task<string?> PrimaryAsync() =>
        await Server.SentinelGetMasterAddressByNameAsync(ServiceName) is { } endpoint ? Format(endpoint) : null;

    /// <summary>How many replicas and how many other sentinels this sentinel knows of.</summary>
    public async Task<(int Replicas, int Sentinels)> KnownAsync()
    {
        var replicas = await Server.SentinelReplicasAsync(ServiceName);
        var sentinels = await Server.SentinelSentinelsAsync(ServiceName);
        // A replica counts once it is up and its link to the primary is up.
        var healthy = replicas.Count(r => Field(r, "flags") is { } flags
                                          && !flags.Contains("down", StringComparison.Ordinal) && !flags.Contains("disconnected", StringComparison.Ordinal)
                                          && Field(r, "master-link-status") == "ok");
        return (healthy, sentinels.Length);
    }

    /// <summary>Its output, for failure messages.</summary>
    public string Output
    {
        get
        {
            lock (_output)
                return $"--- sentinel {Port} ---{Environment.NewLine}{_output}";
        }
    }

    /// <summary>Kills the sentinel and deletes its directory.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_client is not null)
            await _client.DisposeAsync();
        if (_process is { HasExited: false } process)
        {
            process.Kill();
            await process.WaitForExitAsync();
        }
        _process?.Dispose();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
            // Already gone.
        }
    }

    private static string? Field(KeyValuePair<string, string>[] fields, string name) =>
        fields.FirstOrDefault(p => p.Key == name).Value;

    private IServer Server => _client!.GetServer("127.0.0.1", Port);

    private static string Format(System.Net.EndPoint endpoint) => endpoint switch
    {
        System.Net.IPEndPoint ip => $"{ip.Address}:{ip.Port.ToString(CultureInfo.InvariantCulture)}",
        System.Net.DnsEndPoint dns => $"{dns.Host}:{dns.Port.ToString(CultureInfo.InvariantCulture)}",
        _ => endpoint.ToString() ?? "",
    };

    private void Append(string? line)
    {
        if (line is null)
            return;
        lock (_output)
            _output.AppendLine(line);
    }

    private static string FindExecutable() =>
        new[] { "/usr/bin/redis-sentinel", "/usr/local/bin/redis-sentinel" }.FirstOrDefault(File.Exists)
        ?? throw new InvalidOperationException(
            "redis-sentinel was not found. Run the suite with `bash deploy/scripts/test.sh`, which installs it, or `apt-get install redis-sentinel`.");
}
