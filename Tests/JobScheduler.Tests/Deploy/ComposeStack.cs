using System.Globalization;
using JobScheduler.Tests.Infrastructure;

namespace JobScheduler.Tests.Deploy;

/// <summary>
/// deploy/compose/docker-compose.yml brought up under a compose project of its own, on free loopback ports, with the
/// local Redis and Prometheus images (no Grafana: its profile is left out). <see cref="DisposeAsync"/> takes it all down
/// with its volumes, and removes any job container its silos left.
/// </summary>
public sealed class ComposeStack : IAsyncDisposable
{
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromMinutes(3);
    private readonly Dictionary<string, string> _environment;
    private readonly string _targets;

    private ComposeStack(string project, string dockerGroup)
    {
        Project = project;
        var ports = FreePort.Many(13);
        RedisPort = ports[0];
        SiloHttpPorts = [ports[1], ports[2], ports[3]];
        ApiPorts = [ports[10], ports[11]];
        PrometheusPort = ports[12];
        // Readable by Prometheus's own (non-root) user in its container: a temporary folder is the test runner's alone.
        _targets = Directory.CreateTempSubdirectory("compose-targets-").FullName;
        ReadableByAll(_targets, UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute);
        File.WriteAllText(Path.Combine(_targets, "silos.yml"),
            $"- targets: [{string.Join(", ", SiloHttpPorts.Select(p => $"\"127.0.0.1:{p}\""))}]\n");
        File.WriteAllText(Path.Combine(_targets, "api.yml"),
            $"- targets: [{string.Join(", ", ApiPorts.Select(p => $"\"127.0.0.1:{p}\""))}]\n");
        foreach (var file in Directory.GetFiles(_targets))
            ReadableByAll(file, UnixFileMode.None);
        string P(int port) => port.ToString(CultureInfo.InvariantCulture);
        _environment = new Dictionary<string, string>
        {
            ["COMPOSE_PROJECT_NAME"] = project,
            ["CLUSTER_ID"] = project,
            ["JOBSCHEDULER_BOOTSTRAP_KEY"] = TestAuth.AdminKey,
            ["DOCKER_GID"] = dockerGroup,
            ["SILO_IMAGE"] = DeployImagesFixture.SiloImage,
            ["API_IMAGE"] = DeployImagesFixture.ApiImage,
            ["REDIS_IMAGE"] = "jobscheduler/redis:local",
            ["PROMETHEUS_IMAGE"] = "jobscheduler/prometheus:local",
            ["PROMETHEUS_TARGETS"] = _targets,
            ["REDIS_PORT"] = P(RedisPort),
            ["SILO1_HTTP_PORT"] = P(SiloHttpPorts[0]),
            ["SILO2_HTTP_PORT"] = P(SiloHttpPorts[1]),
            ["SILO3_HTTP_PORT"] = P(SiloHttpPorts[2]),
            ["SILO1_PORT"] = P(ports[4]),
            ["SILO2_PORT"] = P(ports[5]),
            ["SILO3_PORT"] = P(ports[6]),
            ["SILO1_GATEWAY_PORT"] = P(ports[7]),
            ["SILO2_GATEWAY_PORT"] = P(ports[8]),
            ["SILO3_GATEWAY_PORT"] = P(ports[9]),
            ["API1_PORT"] = P(ApiPorts[0]),
            ["API2_PORT"] = P(ApiPorts[1]),
            ["PROMETHEUS_PORT"] = P(PrometheusPort),
        };
    }

    /// <summary>The compose project name; also the Orleans cluster id, so job containers carry it as a label.</summary>
    public string Project { get; }

    /// <summary>Redis's port.</summary>
    public int RedisPort { get; }

    /// <summary>The silos' HTTP ports (health, metrics).</summary>
    public int[] SiloHttpPorts { get; }

    /// <summary>The API processes' ports.</summary>
    public int[] ApiPorts { get; }

    /// <summary>Prometheus's port.</summary>
    public int PrometheusPort { get; }

    /// <summary>The services the stack runs without the grafana profile.</summary>
    public static IReadOnlyList<string> Services { get; } = ["redis", "silo-1", "silo-2", "silo-3", "api-1", "api-2", "prometheus"];

    /// <summary>Runs <c>docker-compose up -d</c>; the stack is taken down by <see cref="DisposeAsync"/> even if this fails.</summary>
    public static async Task<ComposeStack> UpAsync()
    {
        // The silos run as uid 10001 and reach the engine through the socket's group (group_add in the compose file).
        var group = (await CommandLine.RunCheckedAsync("stat", ["-c", "%g", "/var/run/docker.sock"], TimeSpan.FromSeconds(10))).Stdout.Trim();
        var stack = new ComposeStack($"jsdeploy{Guid.NewGuid():N}"[..16], group);
        try
        {
            await stack.ComposeAsync(["up", "-d", "--no-build"], check: true);
        }
        catch
        {
            await stack.DisposeAsync();
            throw;
        }

        return stack;
    }

    /// <summary>Runs a docker-compose command on this stack's project.</summary>
    public async Task<CommandLine.Result> ComposeAsync(IEnumerable<string> arguments, bool check = false)
    {
        string[] all = ["-f", Path.Combine(RepositoryLayout.Root, "deploy", "compose", "docker-compose.yml"), "-p", Project, .. arguments];
        return check
            ? await CommandLine.RunCheckedAsync("docker-compose", all, CommandTimeout, _environment)
            : await CommandLine.RunAsync("docker-compose", all, CommandTimeout, _environment);
    }

    /// <summary>The container id of a service.</summary>
    public async Task<string> ContainerIdAsync(string service) =>
        (await ComposeAsync(["ps", "-q", service], check: true)).Stdout.Trim();

    /// <summary>Docker's health status of a service's container (<c>starting</c>, <c>healthy</c>, <c>unhealthy</c>, or empty without a check).</summary>
    public async Task<string> HealthAsync(string service)
    {
        var id = await ContainerIdAsync(service);
        if (id.Length == 0)
            return "no container";
        var inspect = await CommandLine.RunAsync("docker", ["inspect", "--format", "{{if .State.Health}}{{.State.Health.Status}}{{end}}", id], TimeSpan.FromSeconds(30));
        return inspect.Stdout.Trim();
    }

    /// <summary>The last lines each service logged, for a failure message.</summary>
    public async Task<string> LogsAsync() =>
        (await ComposeAsync(["logs", "--no-color", "--tail", "40"])).Stdout;

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await ComposeAsync(["down", "--volumes", "--remove-orphans", "--timeout", "20"]);
        // Job containers are the silos' own, not compose's: remove any left behind by this cluster.
        var left = await CommandLine.RunAsync("docker", ["ps", "-aq", "--filter", $"label=jobscheduler.cluster={Project}"], TimeSpan.FromSeconds(30));
        var ids = left.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (ids.Length > 0)
            await CommandLine.RunAsync("docker", ["rm", "-f", .. ids], TimeSpan.FromSeconds(60));
        Directory.Delete(_targets, recursive: true);
    }

    private static void ReadableByAll(string path, UnixFileMode extra)
    {
        if (OperatingSystem.IsWindows())
            return; // no Docker engine with host networking there anyway
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead | extra);
    }
}
