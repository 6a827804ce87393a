using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using JobScheduler.Grains.Workers;

namespace JobScheduler.Silo.Draining;

/// <summary>
/// <c>JobScheduler.Silo drain [--url URL] [--timeout DURATION]</c>: asks the silo process on this host (over loopback)
/// to drain its worker, then waits until it runs nothing. Exit codes: 0 drained and idle; 2 jobs still run at the
/// timeout (the silo's own graceful stop drains for <c>Scheduler:Worker:DrainTimeout</c> more, then kills them as
/// <c>worker-stopped</c>); 1 anything else (the silo unreachable, refused, bad arguments). For Kubernetes' preStop
/// hook and for scripts.
/// </summary>
public static class DrainCommand
{
    /// <summary>The first argument that selects this command.</summary>
    public const string Name = "drain";

    /// <summary>Exit code: drained, nothing runs.</summary>
    public const int Drained = 0;

    /// <summary>Exit code: the silo could not be asked (unreachable, refused, bad arguments).</summary>
    public const int Failed = 1;

    /// <summary>Exit code: drained, but jobs still ran when the timeout passed.</summary>
    public const int TimedOut = 2;

    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan ProgressInterval = TimeSpan.FromSeconds(5);
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private const string Usage = """
        Usage: JobScheduler.Silo drain [--url URL] [--timeout DURATION]

        Drains the worker of the silo running on this host: it takes no new work (other silos take it), and this
        command waits until its running jobs have finished. Then stop the silo (SIGTERM) without failing a job.
        The silo answers loopback callers only.

          --url URL           the silo's HTTP address (default: from its configuration, Urls or HTTP_PORTS,
                              with a wildcard host replaced by 127.0.0.1)
          --timeout DURATION  how long to wait for the running jobs: seconds (90), 90s, 5m, 1h or 00:05:00
                              (default: Scheduler:Worker:DrainTimeout, 30 s unless configured)

        Exit codes: 0 idle; 2 jobs still run at the timeout; 1 the silo could not be asked.
        """;

    /// <summary>Runs the command with the arguments after <c>drain</c>; returns the process exit code.</summary>
    public static Task<int> RunAsync(IReadOnlyList<string> args) => RunAsync(args, TimeProvider.System);

    /// <summary>As <see cref="RunAsync(IReadOnlyList{string})"/>, with the clock its waits and its timeout run on.</summary>
    internal static async Task<int> RunAsync(IReadOnlyList<string> args, TimeProvider time)
    {
        var configuration = SiloConfiguration();
        Uri url;
        TimeSpan timeout;
        try
        {
            (url, timeout) = Parse(args, configuration);
        }
        catch (FormatException e)
        {
            await Console.Error.WriteLineAsync($"drain: {e.Message}{Environment.NewLine}{Environment.NewLine}{Usage}");
            return Failed;
        }
        if (url is null)
        {
            Console.WriteLine(Usage);
            return Drained;
        }

        using var http = new HttpClient { BaseAddress = url, Timeout = TimeSpan.FromSeconds(10) };
        try
        {
            var started = time.GetTimestamp();
            var status = await SendAsync(http, HttpMethod.Post, "local/worker/drain");
            Console.WriteLine($"drain: worker {status.Worker} at {url} drains; {status.RunningJobs.Count} job(s) running");
            var lastProgress = TimeSpan.Zero;
            while (!status.Idle)
            {
                if (time.GetElapsedTime(started) >= timeout)
                {
                    await Console.Error.WriteLineAsync(
                        $"drain: timed out after {timeout}: {status.RunningJobs.Count} job(s) still run ({string.Join(", ", status.RunningJobs.Take(10))}). " +
                        "The worker stays drained; the silo's graceful stop (SIGTERM) waits Scheduler:Worker:DrainTimeout more, then kills them (worker-stopped, retried on another silo).");
                    return TimedOut;
                }
                await Task.Delay(PollInterval, time);
                status = await SendAsync(http, HttpMethod.Get, "local/worker");
                var elapsed = time.GetElapsedTime(started);
                if (elapsed - lastProgress >= ProgressInterval)
                {
                    lastProgress = elapsed;
                    Console.WriteLine($"drain: {status.RunningJobs.Count} job(s) still running after {elapsed.TotalSeconds:0} s");
                }
            }
            Console.WriteLine($"drain: worker {status.Worker} is drained and idle after {time.GetElapsedTime(started).TotalSeconds:0.0} s; the silo can be stopped");
            return Drained;
        }
        catch (HttpRequestException e)
        {
            await Console.Error.WriteLineAsync($"drain: could not reach the silo at {url}: {e.Message}. Is it running, and does it listen on loopback (Urls)? Pass --url otherwise.");
            return Failed;
        }
        catch (TaskCanceledException)
        {
            await Console.Error.WriteLineAsync($"drain: the silo at {url} did not answer within {http.Timeout.TotalSeconds:0} s.");
            return Failed;
        }
        catch (DrainRefusedException e)
        {
            await Console.Error.WriteLineAsync($"drain: {e.Message}");
            return Failed;
        }
    }

    private static async Task<LocalWorkerStatus> SendAsync(HttpClient http, HttpMethod method, string path)
    {
        using var response = await http.SendAsync(new HttpRequestMessage(method, path));
        if (response.StatusCode == HttpStatusCode.Forbidden)
            throw new DrainRefusedException($"the silo at {http.BaseAddress} refused: its {LocalWorkerEndpoints.Prefix} endpoints answer loopback callers only.");
        if (!response.IsSuccessStatusCode)
            throw new DrainRefusedException($"{method} {http.BaseAddress}{path} answered {(int)response.StatusCode} {response.ReasonPhrase}; is it a JobScheduler silo of this version?");
        return await response.Content.ReadFromJsonAsync<LocalWorkerStatus>(Json)
            ?? throw new DrainRefusedException($"{method} {http.BaseAddress}{path} answered no body.");
    }

    /// <summary>The URL and timeout; a null URL asks for the usage text.</summary>
    private static (Uri Url, TimeSpan Timeout) Parse(IReadOnlyList<string> args, IConfiguration configuration)
    {
        Uri? url = null;
        TimeSpan? timeout = null;
        for (var i = 0; i < args.Count; i++)
        {
            switch (args[i])
            {
                case "-h" or "--help":
                    return (null!, TimeSpan.Zero);
                case "--url" when i + 1 < args.Count:
                    url = Uri.TryCreate(args[++i], UriKind.Absolute, out var given) && given.Scheme is "http" or "https"
                        ? new Uri(given.GetLeftPart(UriPartial.Authority) + "/")
                        : throw new FormatException($"--url {args[i]} is not an http(s) URL.");
                    break;
                case "--timeout" when i + 1 < args.Count:
                    timeout = ParseDuration(args[++i]);
                    break;
                default:
                    throw new FormatException($"unknown or incomplete argument '{args[i]}'.");
            }
        }
        url ??= SiloLocalAddress.FromConfiguration(configuration["urls"], configuration["http_ports"]);
        timeout ??= (configuration.GetSection(WorkerOptions.SectionName).Get<WorkerOptions>() ?? new WorkerOptions()).DrainTimeout;
        return (url, timeout.Value);
    }

    /// <summary>Seconds (<c>90</c>), a number with <c>s</c>, <c>m</c> or <c>h</c>, or a TimeSpan (<c>00:05:00</c>).</summary>
    public static TimeSpan ParseDuration(string text)
    {
        var unit = text.Length > 0 ? char.ToLowerInvariant(text[^1]) : ' ';
        var number = unit is 's' or 'm' or 'h' ? text[..^1] : text;
        if (double.TryParse(number, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value) && value >= 0)
            return unit switch { 'm' => TimeSpan.FromMinutes(value), 'h' => TimeSpan.FromHours(value), _ => TimeSpan.FromSeconds(value) };
        if (TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var span) && span >= TimeSpan.Zero)
            return span;
        throw new FormatException($"--timeout {text} is not a duration (90, 90s, 5m, 1h or 00:05:00).");
    }

    /// <summary>The configuration the silo itself reads for its address and drain timeout: its appsettings and the environment.</summary>
    private static IConfiguration SiloConfiguration()
    {
        var environment = Environment.GetEnvironmentVariable("DOTNET_ENVIRONMENT")
            ?? Environment.GetEnvironmentVariable("ASPNETCORE_ENVIRONMENT") ?? "Production";
        // In the order the web host reads them: ASPNETCORE_ variables lose to appsettings, which lose to plain variables.
        return new ConfigurationBuilder()
            .SetBasePath(AppContext.BaseDirectory)
            .AddEnvironmentVariables("ASPNETCORE_")
            .AddJsonFile("appsettings.json", optional: true)
            .AddJsonFile($"appsettings.{environment}.json", optional: true)
            .AddEnvironmentVariables()
            .Build();
    }

    private sealed class DrainRefusedException(string message) : Exception(message);
}
