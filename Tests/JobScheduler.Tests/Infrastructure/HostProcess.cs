using System.Collections.Concurrent;
using System.Diagnostics;

namespace JobScheduler.Tests.Infrastructure;

/// <summary>
/// A silo or API host started as a real process (<c>dotnet host.dll</c>) with its configuration in
/// environment variables. Keeps the tail of its output for failure messages; always killed on dispose.
/// </summary>
public sealed class HostProcess : IAsyncDisposable
{
    private const int OutputLinesKept = 400;
    private readonly string _name;
    private readonly string _assembly;
    private readonly IReadOnlyDictionary<string, string> _environment;
    private readonly ConcurrentQueue<string> _output = new();
    private readonly ConcurrentDictionary<string, int> _watched = new(StringComparer.Ordinal);
    private long _linesSeen;
    private Process? _process;

    /// <param name="name">For messages, e.g. <c>silo-1</c>.</param>
    /// <param name="assembly">The host's dll.</param>
    /// <param name="httpPort">The loopback port of its HTTP endpoints (health, API).</param>
    /// <param name="environment">Configuration, as <c>Scheduler__Redis__ConnectionString</c>-style variables.</param>
    public HostProcess(string name, string assembly, int httpPort, IReadOnlyDictionary<string, string> environment)
    {
        _name = name;
        _assembly = assembly;
        HttpPort = httpPort;
        _environment = environment;
    }

    /// <summary>The port its HTTP endpoints listen on.</summary>
    public int HttpPort { get; }

    /// <summary>Its own configuration (environment variables), without the ones every host process gets (<see cref="StartAsync"/>).</summary>
    public IReadOnlyDictionary<string, string> Settings => _environment;

    /// <summary>The host's dll.</summary>
    public string Assembly => _assembly;

    /// <summary>Its base address, e.g. <c>http://127.0.0.1:5081/</c>.</summary>
    public Uri BaseAddress => new($"http://127.0.0.1:{HttpPort}/");

    /// <summary>The OS process id while it runs.</summary>
    public int? ProcessId => _process is { HasExited: false } p ? p.Id : null;

    /// <summary>Its exit code once it has exited, else null.</summary>
    public int? ExitCode => _process is { HasExited: true } p ? p.ExitCode : null;

    /// <summary>Whether it was started and has exited since (killed, crashed or stopped).</summary>
    public bool HasExited => _process is { HasExited: true };

    /// <summary>The last lines it printed, for assertion messages.</summary>
    public string OutputTail => $"--- {_name} output (tail) ---{Environment.NewLine}{string.Join(Environment.NewLine, _output)}";

    /// <summary>Every line it printed (stdout and stderr) since it was first started, counted.</summary>
    public long LinesSeen => Interlocked.Read(ref _linesSeen);

    /// <summary>
    /// Counts, from now on, the lines of its whole output (not only the kept tail) that contain <paramref name="text"/>;
    /// read the count with <see cref="Sightings"/>.
    /// </summary>
    public void Watch(string text) => _watched.TryAdd(text, 0);

    /// <summary>How many lines printed since <see cref="Watch"/> contained <paramref name="text"/>.</summary>
    public int Sightings(string text) => _watched.TryGetValue(text, out var count) ? count : throw new InvalidOperationException($"'{text}' is not watched.");

    /// <summary>Starts the process and waits until <c>/health/live</c> answers.</summary>
    public async Task StartAsync(TimeSpan timeout)
    {
        if (_process is { HasExited: false })
            throw new InvalidOperationException($"{_name} is already running.");
        // Started again after a kill or stop: the same ports, a fresh process.
        _process?.Dispose();

        var start = new ProcessStartInfo("dotnet", [_assembly])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(_assembly)!,
        };
        start.Environment["Urls"] = BaseAddress.ToString().TrimEnd('/');
        start.Environment["DOTNET_ENVIRONMENT"] = "Production";
        start.Environment["Logging__Console__FormatterName"] = "simple";
        foreach (var (key, value) in TestAuth.EnvironmentVariables)
            start.Environment[key] = value;
        foreach (var (key, value) in _environment)
            start.Environment[key] = value;

        _process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {_name}.");
        _process.OutputDataReceived += (_, e) => Keep(e.Data);
        _process.ErrorDataReceived += (_, e) => Keep(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();

        using var http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(2) };
        await Eventually.Async(async () =>
        {
            if (_process.HasExited)
            {
                // HasExited can be true before the output readers have delivered the last lines: wait for them to end.
                await _process.WaitForExitAsync();
                throw new InvalidOperationException($"{_name} exited with code {_process.ExitCode} while starting.{Environment.NewLine}{OutputTail}");
            }
            try
            {
                return (await http.GetAsync("health/live")).IsSuccessStatusCode;
            }
            catch (HttpRequestException)
            {
                return false;
            }
            catch (TaskCanceledException)
            {
                return false;
            }
        }, timeout, $"{_name} to answer /health/live{Environment.NewLine}{OutputTail}");
    }

    /// <summary>
    /// Waits until the process has exited and its output has been read to the end (so that <see cref="OutputTail"/>
    /// holds its last lines), failing after <paramref name="timeout"/>.
    /// </summary>
    public async Task WaitForExitAsync(TimeSpan timeout)
    {
        var process = _process ?? throw new InvalidOperationException($"{_name} was never started.");
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
            throw new TimeoutException($"{_name} is still running after {timeout}.{Environment.NewLine}{OutputTail}");
        }
    }

    /// <summary>Stops the process gracefully (SIGTERM), killing it if it has not exited within <paramref name="timeout"/>.</summary>
    public async Task StopAsync(TimeSpan timeout)
    {
        if (_process is { HasExited: false } process)
            await ProcessSignals.StopAsync(process, timeout);
    }

    /// <summary>Kills the process at once (<c>kill -9</c>).</summary>
    public void Kill()
    {
        if (_process is { HasExited: false } process)
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit(10_000);
        }
    }

    /// <summary>Freezes the process (<c>kill -STOP</c>): it holds its sockets but answers nothing, as a stalled host.</summary>
    public Task FreezeAsync() => SignalAsync("-STOP");

    /// <summary>Lets a frozen process run again (<c>kill -CONT</c>).</summary>
    public Task ThawAsync() => SignalAsync("-CONT");

    public ValueTask DisposeAsync()
    {
        Kill();
        _process?.Dispose();
        return ValueTask.CompletedTask;
    }

    private async Task SignalAsync(string signal)
    {
        if (_process is not { HasExited: false } process)
            throw new InvalidOperationException($"{_name} is not running; cannot send it {signal}.");
        using var kill = Process.Start("kill", [signal, process.Id.ToString()])!;
        await kill.WaitForExitAsync();
        if (kill.ExitCode != 0)
            throw new InvalidOperationException($"kill {signal} {process.Id} ({_name}) exited with code {kill.ExitCode}.");
    }

    private void Keep(string? line)
    {
        if (line is null)
            return;
        Interlocked.Increment(ref _linesSeen);
        foreach (var text in _watched.Keys)
        {
            if (line.Contains(text, StringComparison.Ordinal))
                _watched.AddOrUpdate(text, 1, (_, count) => count + 1);
        }
        _output.Enqueue(line);
        while (_output.Count > OutputLinesKept)
            _output.TryDequeue(out _);
    }
}
