using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;

namespace JobScheduler.Tests.Infrastructure;

/// <summary>
/// A real Prometheus (Debian's <c>prometheus</c> package) on a loopback port with a temporary data folder, running a
/// copy of <c>deploy/prometheus/</c> whose targets and key file the test writes. Killed and removed on dispose.
/// </summary>
public sealed class PrometheusServer : IAsyncDisposable
{
    private readonly ConcurrentQueue<string> _output = new();
    private readonly Process _process;
    private readonly HttpClient _http;

    private PrometheusServer(string folder, int port, Process process)
    {
        Folder = folder;
        Port = port;
        _process = process;
        _http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/"), Timeout = TimeSpan.FromSeconds(10) };
    }

    /// <summary>The folder holding the configuration copy and the data.</summary>
    public string Folder { get; }

    /// <summary>Its HTTP port on 127.0.0.1.</summary>
    public int Port { get; }

    /// <summary>Its log's last lines, for assertion messages.</summary>
    public string OutputTail => "--- prometheus output (tail) ---" + Environment.NewLine + string.Join(Environment.NewLine, _output);

    /// <summary>
    /// Copies <c>deploy/prometheus/</c> to a temporary folder, lets <paramref name="configure"/> write its targets and
    /// key file there, scrapes every <paramref name="scrapeInterval"/> (the only change to the shipped prometheus.yml),
    /// starts Prometheus and waits until it is ready.
    /// </summary>
    public static async Task<PrometheusServer> StartAsync(Action<string> configure, string scrapeInterval = "1s")
    {
        var folder = DeployCopy();
        configure(folder);
        var config = Path.Combine(folder, "prometheus.yml");
        File.WriteAllText(config, File.ReadAllText(config)
            .Replace("scrape_interval: 15s", $"scrape_interval: {scrapeInterval}", StringComparison.Ordinal)
            .Replace("scrape_timeout: 10s", $"scrape_timeout: {scrapeInterval}", StringComparison.Ordinal)
            .Replace("evaluation_interval: 15s", $"evaluation_interval: {scrapeInterval}", StringComparison.Ordinal));
        var port = FreePort.Next();
        var start = new ProcessStartInfo("prometheus",
        [
            $"--config.file={config}",
            $"--storage.tsdb.path={Path.Combine(folder, "data")}",
            $"--web.listen-address=127.0.0.1:{port}",
        ])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            // Not the config's folder: relative paths in it must resolve against the config file, as when installed.
            WorkingDirectory = Path.GetTempPath(),
        };
        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start prometheus.");
        var server = new PrometheusServer(folder, port, process);
        process.OutputDataReceived += (_, e) => server.Keep(e.Data);
        process.ErrorDataReceived += (_, e) => server.Keep(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await Eventually.Async(async () =>
        {
            if (process.HasExited)
                throw new InvalidOperationException($"prometheus exited with code {process.ExitCode}.{Environment.NewLine}{server.OutputTail}");
            try
            {
                return (await server._http.GetAsync("-/ready")).IsSuccessStatusCode;
            }
            catch (HttpRequestException)
            {
                return false;
            }
        }, TimeSpan.FromSeconds(30), () => $"prometheus to be ready{Environment.NewLine}{server.OutputTail}");
        return server;
    }

    /// <summary>A copy of <c>deploy/prometheus/</c> (config, rules, their tests, target examples) in a new temporary folder.</summary>
    public static string DeployCopy()
    {
        var source = Path.Combine(RepositoryLayout.Root, "deploy", "prometheus");
        var folder = Directory.CreateTempSubdirectory("jobscheduler-prometheus-").FullName;
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(folder, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
        return folder;
    }

    /// <summary>Writes a file-discovery target list, e.g. <c>targets/silos.yml</c>, naming <paramref name="addresses"/> (host:port).</summary>
    public static void WriteTargets(string folder, string file, IEnumerable<string> addresses) =>
        File.WriteAllText(Path.Combine(folder, "targets", file),
            $"- targets: [{string.Join(", ", addresses.Select(a => $"\"{a}\""))}]{Environment.NewLine}  labels: {{ cluster: test }}{Environment.NewLine}");

    /// <summary>Runs an instant query; returns the <c>data.result</c> array (throws when Prometheus refuses the query).</summary>
    public async Task<JsonElement> QueryAsync(string promql)
    {
        using var response = await _http.GetAsync($"api/v1/query?query={Uri.EscapeDataString(promql)}");
        var body = await response.Content.ReadAsStringAsync();
        using var json = JsonDocument.Parse(body);
        if (json.RootElement.GetProperty("status").GetString() != "success")
            throw new InvalidOperationException($"query {promql} failed: {body}");
        return json.RootElement.GetProperty("data").GetProperty("result").Clone();
    }

    /// <summary>
    /// Runs a range query from <paramref name="start"/> to <paramref name="end"/> every <paramref name="step"/>; returns the
    /// <c>data.result</c> matrix, one element per series with its <c>metric</c> labels and <c>values</c> [time, "value"]
    /// pairs (throws when Prometheus refuses the query).
    /// </summary>
    public async Task<JsonElement> QueryRangeAsync(string promql, DateTimeOffset start, DateTimeOffset end, TimeSpan step)
    {
        var query = FormattableString.Invariant(
            $"api/v1/query_range?query={Uri.EscapeDataString(promql)}&start={start.ToUnixTimeMilliseconds() / 1000.0:0.###}&end={end.ToUnixTimeMilliseconds() / 1000.0:0.###}&step={step.TotalSeconds:0.###}");
        using var response = await _http.GetAsync(query);
        var body = await response.Content.ReadAsStringAsync();
        using var json = JsonDocument.Parse(body);
        if (json.RootElement.GetProperty("status").GetString() != "success")
            throw new InvalidOperationException($"range query {promql} failed: {body}");
        return json.RootElement.GetProperty("data").GetProperty("result").Clone();
    }

    /// <summary>Every loaded alerting rule's name and expression, as Prometheus parsed them.</summary>
    public async Task<IReadOnlyList<(string Name, string Expr)>> AlertRulesAsync()
    {
        using var json = JsonDocument.Parse(await _http.GetStringAsync("api/v1/rules?type=alert"));
        return json.RootElement.GetProperty("data").GetProperty("groups").EnumerateArray()
            .SelectMany(g => g.GetProperty("rules").EnumerateArray())
            .Select(r => (r.GetProperty("name").GetString()!, r.GetProperty("query").GetString()!))
            .ToArray();
    }

    /// <summary>The names of every series Prometheus holds.</summary>
    public async Task<IReadOnlySet<string>> MetricNamesAsync()
    {
        using var json = JsonDocument.Parse(await _http.GetStringAsync("api/v1/label/__name__/values"));
        return json.RootElement.GetProperty("data").EnumerateArray().Select(e => e.GetString()!).ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>Every loaded rule (alerting and recording) with its evaluation health (<c>ok</c>, <c>err</c>, <c>unknown</c>) and last error.</summary>
    public async Task<IReadOnlyList<(string Name, string Health, string? Error)>> RuleHealthAsync()
    {
        using var json = JsonDocument.Parse(await _http.GetStringAsync("api/v1/rules"));
        return json.RootElement.GetProperty("data").GetProperty("groups").EnumerateArray()
            .SelectMany(g => g.GetProperty("rules").EnumerateArray())
            .Select(r => (r.GetProperty("name").GetString()!, r.GetProperty("health").GetString()!,
                r.TryGetProperty("lastError", out var e) ? e.GetString() : null))
            .ToArray();
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        if (!_process.HasExited)
            await ProcessSignals.StopAsync(_process, TimeSpan.FromSeconds(10));
        _process.Dispose();
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open: the temporary folder is left for the OS to clean.
        }
    }

    private void Keep(string? line)
    {
        if (line is null)
            return;
        _output.Enqueue(line);
        while (_output.Count > 100)
            _output.TryDequeue(out _);
    }
}
