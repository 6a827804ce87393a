using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Text;

namespace JobScheduler.Tests.Infrastructure;

/// <summary>
/// A real <c>redis-server</c> child process on a free loopback port, with its own temporary directory.
/// It can be stopped and started again on the same port, so tests can take Redis away and bring it back.
/// </summary>
public sealed class RedisServer : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(10);

    private readonly string _executable;
    private readonly StringBuilder _output = new();
    private readonly IReadOnlyList<string> _arguments;
    private Process? _process;
    private int? _replicaOf;

    /// <summary>Prepares a server on a free port; nothing runs until <see cref="StartAsync"/>.</summary>
    /// <param name="persistent">
    /// Keep an append-only file in the temporary directory, so data survives <see cref="StopAsync"/> and a restart.
    /// </param>
    /// <param name="password">A password clients must give (<c>requirepass</c>, or <paramref name="user"/>'s); none by default.</param>
    /// <param name="user">An ACL user with every right, given <paramref name="password"/>; the default user is then disabled.</param>
    /// <param name="arguments">More <c>redis-server</c> arguments, e.g. <c>--maxmemory-policy allkeys-lru</c>.</param>
    public RedisServer(bool persistent = false, string? password = null, string? user = null, IReadOnlyList<string>? arguments = null)
    {
        if (user is not null && password is null)
            throw new ArgumentException("An ACL user needs a password.", nameof(user));
        _executable = FindExecutable();
        Persistent = persistent;
        Password = password;
        User = user;
        _arguments = arguments ?? [];
        Port = FreePort.Next();
        Directory = System.IO.Directory.CreateTempSubdirectory("jobscheduler-redis-").FullName;
    }

    /// <summary>The loopback port, the same across restarts.</summary>
    public int Port { get; }

    /// <summary>A StackExchange.Redis connection string: <c>127.0.0.1:{Port}</c>, with <c>password=</c> when there is one.</summary>
    public string ConnectionString =>
        $"127.0.0.1:{Port}" + (User is null ? "" : $",user={User}") + (Password is null ? "" : $",password={Password}");

    /// <summary>The password clients must give, or null.</summary>
    public string? Password { get; }

    /// <summary>The ACL user clients log in as, or null for the default user.</summary>
    public string? User { get; }

    /// <summary>Whether data is kept in an append-only file across restarts.</summary>
    public bool Persistent { get; }

    /// <summary>The server's working directory, deleted on dispose.</summary>
    public string Directory { get; }

    /// <summary>True while the process runs.</summary>
    public bool IsRunning => _process is { HasExited: false };

    /// <summary>Starts the server (again) and returns once it answers PING.</summary>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        if (IsRunning)
            throw new InvalidOperationException($"Redis is already running on port {Port}.");
        _process?.Dispose();
        lock (_output)
            _output.Clear();
        _process = Process.Start(StartInfo()) ?? throw new InvalidOperationException($"Could not start {_executable}.");
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        await WaitForPongAsync(_process, cancellationToken);
    }

    /// <summary>
    /// Starts the server (again) as a replica of the Redis on loopback port <paramref name="primaryPort"/>, as a
    /// supervisor that asks the sentinels for the primary restarts a failed node, and returns once it answers PING.
    /// </summary>
    public Task StartAsReplicaOfAsync(int primaryPort, CancellationToken cancellationToken = default)
    {
        _replicaOf = primaryPort;
        return StartAsync(cancellationToken);
    }

    /// <summary>Stops the server with SIGTERM (it flushes its append-only file if persistent) and waits for it to exit.</summary>
    public Task StopAsync() => StopAsync(graceful: true);

    /// <summary>Kills the server with SIGKILL, as a crash would, and waits for it to exit.</summary>
    public Task KillAsync() => StopAsync(graceful: false);

    /// <summary>Kills the server if it runs and deletes its directory.</summary>
    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _process?.Dispose();
        _process = null;
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
            // Already gone: nothing to clean up.
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

    private ProcessStartInfo StartInfo()
    {
        var info = new ProcessStartInfo(_executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Directory,
        };
        // appendfsync always: with persistence on, a SIGKILL loses nothing Redis has acknowledged.
        foreach (var arg in (string[])[
            "--port", Port.ToString(), "--bind", "127.0.0.1", "--save", "", "--daemonize", "no",
            "--dir", Directory, "--appendonly", Persistent ? "yes" : "no", "--appendfsync", "always"])
            info.ArgumentList.Add(arg);
        if (User is not null)
        {
            foreach (var arg in (string[])["--user", "default", "off", "--user", User, "on", ">" + Password, "~*", "&*", "+@all"])
                info.ArgumentList.Add(arg);
        }
        else if (Password is not null)
        {
            info.ArgumentList.Add("--requirepass");
            info.ArgumentList.Add(Password);
        }
        foreach (var arg in _arguments)
            info.ArgumentList.Add(arg);
        foreach (var arg in _replicaOf is { } primary ? ["--replicaof", "127.0.0.1", primary.ToString()] : Array.Empty<string>())
            info.ArgumentList.Add(arg);
        return info;
    }

    private async Task WaitForPongAsync(Process process, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + StartTimeout;
        while (true)
        {
            if (process.HasExited)
                throw new InvalidOperationException($"redis-server exited with code {process.ExitCode} on port {Port}:\n{Output()}");
            if (await PingAsync(cancellationToken))
                return;
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"redis-server did not answer PING on port {Port} within {StartTimeout}:\n{Output()}");
            await Task.Delay(TimeSpan.FromMilliseconds(50), cancellationToken);
        }
    }

    private async Task<bool> PingAsync(CancellationToken cancellationToken)
    {
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync(IPAddress.Loopback, Port, cancellationToken);
            var stream = client.GetStream();
            var expected = "+PONG";
            if (Password is not null)
            {
                await stream.WriteAsync(Encoding.ASCII.GetBytes(User is null ? $"AUTH {Password}\r\n" : $"AUTH {User} {Password}\r\n"), cancellationToken);
                expected = "+OK\r\n+PONG";
            }
            await stream.WriteAsync("PING\r\n"u8.ToArray(), cancellationToken);
            var buffer = new byte[64];
            var read = 0;
            // The replies may come in more than one read.
            while (read < expected.Length)
            {
                var n = await stream.ReadAsync(buffer.AsMemory(read), cancellationToken);
                if (n == 0)
                    break;
                read += n;
            }
            // "-LOADING" while a persistent server replays its file: not ready yet.
            return Encoding.ASCII.GetString(buffer, 0, read).StartsWith(expected, StringComparison.Ordinal);
        }
        catch (SocketException)
        {
            return false;
        }
        catch (IOException)
        {
            return false;
        }
    }

    private void Append(string? line)
    {
        if (line is null)
            return;
        lock (_output)
            _output.AppendLine(line);
    }

    private string Output()
    {
        lock (_output)
            return _output.ToString();
    }

    private static string FindExecutable()
    {
        var path = Environment.GetEnvironmentVariable("PATH") ?? "";
        var candidates = path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Concat(["/usr/bin", "/usr/local/bin", "/usr/sbin"])
            .Select(dir => Path.Combine(dir, "redis-server"));
        return candidates.FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException(
                "redis-server was not found on PATH. Run the suite with `bash deploy/scripts/test.sh`, which installs it, "
                + "or install it with `apt-get install redis-server`.");
    }

}
