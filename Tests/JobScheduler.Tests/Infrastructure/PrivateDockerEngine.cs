using System.Diagnostics;
using System.Runtime.InteropServices;
using Docker.DotNet;
using Docker.DotNet.Models;

namespace JobScheduler.Tests.Infrastructure;

/// <summary>
/// A second <c>dockerd</c> that a test owns: its own socket, data root, exec root and pid file under
/// <c>/tmp</c>, no bridge and no iptables rules, so it can be killed and restarted without touching the
/// shared engine other tests use. Disposing stops it, ends what it left behind and deletes its directories.
/// </summary>
public sealed class PrivateDockerEngine : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(20);
    private const int MntDetach = 2;

    private readonly string _socket;
    private readonly string _dataRoot;
    private readonly string _execRoot;
    private readonly string _pidFile;
    private readonly string _logFile;
    private readonly StreamWriter _log;
    private readonly IReadOnlyList<string> _extraArguments;
    private Process? _process;

    private PrivateDockerEngine(string name, IReadOnlyList<string> extraArguments)
    {
        _extraArguments = extraArguments;
        _socket = $"/tmp/js-test-dockerd-{name}.sock";
        _dataRoot = $"/tmp/js-test-docker-{name}";
        _execRoot = $"/tmp/js-test-exec-{name}";
        _pidFile = $"/tmp/js-test-{name}.pid";
        _logFile = $"/tmp/js-test-dockerd-{name}.log";
        _log = new StreamWriter(new FileStream(_logFile, FileMode.Append, FileAccess.Write, FileShare.ReadWrite)) { AutoFlush = true };
        Client = new DockerClientConfiguration(new Uri(Endpoint)).CreateClient();
    }

    /// <summary>The engine's endpoint, <c>unix:///tmp/js-test-dockerd-&lt;name&gt;.sock</c>.</summary>
    public string Endpoint => $"unix://{_socket}";

    /// <summary>A client for <see cref="Endpoint"/>.</summary>
    public DockerClient Client { get; }

    /// <summary>True while the dockerd process runs.</summary>
    public bool IsRunning => _process is { HasExited: false };

    /// <summary>
    /// Starts a private engine and copies <paramref name="image"/> into it from <paramref name="source"/>
    /// (save and load: there is no registry). Fails with a clear message when dockerd is missing or does not come up.
    /// <paramref name="extraArguments"/> go to dockerd as they are (e.g. a TLS-verified <c>--host tcp://…</c>).
    /// </summary>
    public static async Task<PrivateDockerEngine> StartAsync(IDockerClient source, string image, IReadOnlyList<string>? extraArguments = null)
    {
        var engine = new PrivateDockerEngine($"{Environment.ProcessId}-{Guid.NewGuid().ToString("N")[..8]}", extraArguments ?? []);
        try
        {
            await engine.StartAgainAsync();
            await using var saved = await source.Images.SaveImageAsync(image, CancellationToken.None);
            await engine.Client.Images.LoadImageAsync(new ImageLoadParameters { Quiet = true }, saved, new Progress<JSONMessage>(), CancellationToken.None);
            await engine.Client.Images.InspectImageAsync(image);
            return engine;
        }
        catch
        {
            await engine.DisposeAsync();
            throw;
        }
    }

    /// <summary>Starts dockerd (again, on the same directories) and returns once it answers a ping.</summary>
    public async Task StartAgainAsync()
    {
        if (IsRunning)
            throw new InvalidOperationException($"The private engine at {Endpoint} already runs.");
        _process?.Dispose();
        var info = new ProcessStartInfo(FindDockerd()) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in (string[])[
            "--host", Endpoint, "--data-root", _dataRoot, "--exec-root", _execRoot, "--pidfile", _pidFile,
            "--bridge", "none", "--iptables=false", "--ip-masq=false", "--log-level", "warn", .. _extraArguments])
            info.ArgumentList.Add(arg);
        _process = Process.Start(info) ?? throw new InvalidOperationException("Could not start dockerd.");
        _process.OutputDataReceived += (_, e) => WriteLine(e.Data);
        _process.ErrorDataReceived += (_, e) => WriteLine(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();

        var deadline = DateTimeOffset.UtcNow + StartTimeout;
        while (!await AnswersAsync())
        {
            if (_process.HasExited)
                throw new InvalidOperationException($"The private dockerd exited with code {_process.ExitCode}:\n{LogTail()}");
            if (DateTimeOffset.UtcNow > deadline)
                throw new TimeoutException($"The private dockerd did not answer within {StartTimeout}:\n{LogTail()}");
            await Task.Delay(TimeSpan.FromMilliseconds(100));
        }
    }

    /// <summary>
    /// Kills dockerd and its containerd with SIGKILL, as a crash of the engine would; the containers'
    /// shims live on, and the next start cleans them up.
    /// </summary>
    public async Task KillAsync()
    {
        await StopAsync(graceful: false);
        // A surviving containerd would keep its socket and make the next start time out.
        KillLeftovers(process => process == "containerd");
    }

    /// <summary>Stops dockerd with SIGTERM, as <c>systemctl stop docker</c> would (it stops its containers first).</summary>
    public Task StopAsync() => StopAsync(graceful: true);

    /// <summary>The last part of dockerd's log, for assertion messages.</summary>
    public string LogTail()
    {
        try
        {
            using var reader = new StreamReader(new FileStream(_logFile, FileMode.Open, FileAccess.Read, FileShare.ReadWrite));
            var text = reader.ReadToEnd();
            return text.Length <= 4000 ? text : text[^4000..];
        }
        catch (IOException e)
        {
            return $"(no log: {e.Message})";
        }
    }

    /// <summary>
    /// Removes every container, stops dockerd, ends the processes it left behind (its containers, its
    /// containerd and shims, found by this engine's own directories), unmounts what is still mounted there
    /// and deletes the directories.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        if (IsRunning)
        {
            await RemoveAllContainersAsync();
        }

        await StopAsync(graceful: true);
        _process?.Dispose();
        Client.Dispose();
        // After a crash nobody reaps the containers: restarting a killed engine here timed out waiting
        // for its containerd (observed with 20.10), so end them by the pids their task directories hold.
        KillContainerProcesses();
        KillLeftovers(_ => true);
        UnmountLeftovers();
        foreach (var directory in (string[])[_dataRoot, _execRoot])
        {
            if (Directory.Exists(directory))
                Directory.Delete(directory, recursive: true);
        }

        lock (_log)
            _log.Dispose();
        foreach (var file in (string[])[_socket, _pidFile, _logFile])
            File.Delete(file);
    }

    private async Task RemoveAllContainersAsync()
    {
        using var timeout = new CancellationTokenSource(StopTimeout);
        try
        {
            var all = await Client.Containers.ListContainersAsync(new ContainersListParameters { All = true }, timeout.Token);
            foreach (var container in all)
                await Client.Containers.RemoveContainerAsync(container.ID, new ContainerRemoveParameters { Force = true }, timeout.Token);
        }
        catch (Exception e) when (e is DockerApiException or HttpRequestException or IOException or OperationCanceledException)
        {
            // The graceful stop below still stops them; the directories go anyway.
        }
    }

    private async Task StopAsync(bool graceful)
    {
        if (_process is not { HasExited: false } process)
            return;
        if (graceful)
        {
            await ProcessSignals.StopAsync(process, StopTimeout);
            return;
        }
        process.Kill();
        await process.WaitForExitAsync();
    }

    private void KillContainerProcesses()
    {
        var tasks = Path.Combine(_execRoot, "containerd", "daemon", "io.containerd.runtime.v2.task", "moby");
        if (!Directory.Exists(tasks))
            return;
        foreach (var task in Directory.EnumerateDirectories(tasks))
        {
            var pidFile = Path.Combine(task, "init.pid");
            // The container's init is pid 1 of its namespace: killing it ends everything inside.
            if (File.Exists(pidFile) && int.TryParse(File.ReadAllText(pidFile).Trim(), out var pid) && IsInContainer(pid, Path.GetFileName(task)))
                ProcessSignals.Send(pid, ProcessSignals.Kill);
        }
    }

    // A pid from a file may have been reused since; only a process in the container's cgroup is its init.
    private static bool IsInContainer(int pid, string containerId)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/cgroup").Contains(containerId, StringComparison.Ordinal);
        }
        catch (IOException)
        {
            return false; // Already exited.
        }
    }

    // Only processes whose command line names this engine's exec root: its containerd and shims.
    private void KillLeftovers(Func<string, bool> program)
    {
        foreach (var entry in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(entry), out var pid))
                continue;
            string commandLine;
            try
            {
                commandLine = File.ReadAllText(Path.Combine(entry, "cmdline")).Replace('\0', ' ');
            }
            catch (IOException)
            {
                continue; // Exited meanwhile.
            }
            catch (UnauthorizedAccessException)
            {
                continue;
            }

            if (commandLine.Contains(_execRoot, StringComparison.Ordinal) && program(Path.GetFileName(commandLine.Split(' ')[0])))
                ProcessSignals.Send(pid, ProcessSignals.Kill);
        }
    }

    private void UnmountLeftovers()
    {
        var mountPoints = File.ReadAllLines("/proc/self/mountinfo")
            .Select(line => line.Split(' ')[4])
            .Where(path => IsUnder(path, _dataRoot) || IsUnder(path, _execRoot))
            .OrderByDescending(path => path.Length);
        foreach (var path in mountPoints)
            Umount2(path, MntDetach);
    }

    // dockerd bind-mounts its data root onto itself, so the root counts as well.
    private static bool IsUnder(string path, string root) =>
        path == root || path.StartsWith(root + "/", StringComparison.Ordinal);

    private async Task<bool> AnswersAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        try
        {
            await Client.System.PingAsync(timeout.Token);
            return true;
        }
        catch (Exception e) when (e is HttpRequestException or IOException or OperationCanceledException or DockerApiException or System.Net.Sockets.SocketException)
        {
            return false;
        }
    }

    private void WriteLine(string? line)
    {
        if (line is null)
            return;
        lock (_log)
        {
            try
            {
                _log.WriteLine(line);
            }
            catch (ObjectDisposedException)
            {
                // A last line after dispose closed the log.
            }
        }
    }

    private static string FindDockerd() =>
        ((string[])["/usr/sbin/dockerd", "/usr/bin/dockerd", "/usr/local/bin/dockerd"]).FirstOrDefault(File.Exists)
        ?? throw new InvalidOperationException("dockerd was not found; run: bash deploy/scripts/start-docker.sh (it installs docker.io).");


    [DllImport("libc", EntryPoint = "umount2", SetLastError = true)]
    private static extern int Umount2(string target, int flags);
}
