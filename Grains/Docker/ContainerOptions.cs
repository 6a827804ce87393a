using JobScheduler.Grains.Execution;

namespace JobScheduler.Grains.Docker;

/// <summary>
/// The worker's container settings, the whole of <c>Scheduler:Containers</c>: which runtime runs the containers, how
/// the worker reaches Docker and the limits a job's container gets when its spec leaves them out. Only a host's
/// configuration sets them, never a job. Checked by <see cref="ContainerOptionsValidator"/>.
/// </summary>
public sealed class ContainerOptions
{
    /// <summary>The configuration section: <c>Scheduler:Containers</c>.</summary>
    public const string SectionName = "Scheduler:Containers";

    /// <summary>The engine's endpoint (<c>unix://</c>, <c>tcp://</c>, <c>http(s)://</c> or <c>npipe://</c>). Default: <c>unix:///var/run/docker.sock</c>.</summary>
    public string DockerEndpoint { get; set; } = "unix:///var/run/docker.sock";

    /// <summary>CPU cores when the spec names none. Default: 1.0.</summary>
    public double DefaultCpus { get; set; } = 1.0;

    /// <summary>Memory limit in MiB when the spec names none; swap is never added. Default: 512.</summary>
    public int DefaultMemoryMb { get; set; } = 512;

    /// <summary>Process and thread limit when the spec names none. Default: 256.</summary>
    public int DefaultPids { get; set; } = 256;

    /// <summary>The json-file log driver's <c>max-size</c>, the most log the engine keeps per container. Default: <c>10m</c>.</summary>
    public string LogMaxSize { get; set; } = "10m";

    /// <summary>Longest any single engine call (inspect, create, start, kill, remove, logs) may take before the engine counts as unavailable. Default: 30 s.</summary>
    public TimeSpan EngineCallTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// When the worker pulls a job's image: <c>IfNotPresent</c> (only when the engine lacks it), <c>Always</c> (before
    /// every container) or <c>Never</c> (a missing image fails the attempt with <c>image-unavailable</c> and no
    /// registry is contacted). Default: <c>IfNotPresent</c>.
    /// </summary>
    public ImagePullPolicy PullPolicy { get; set; } = ImagePullPolicy.IfNotPresent;

    /// <summary>Longest an image pull may take. Default: 5 minutes.</summary>
    public TimeSpan PullTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// The user a job's container runs as unless its queue names another: <c>uid[:gid]</c> or a name the image knows.
    /// Default: <c>65534:65534</c> (nobody).
    /// </summary>
    public string User { get; set; } = "65534:65534";

    /// <summary>Size in MiB of the writable tmpfs at <c>/tmp</c> (the root filesystem is read-only). Default: 64.</summary>
    public int TmpSizeMb { get; set; } = 64;

    /// <summary>The containers' <c>nofile</c> ulimit (soft and hard): most open files per process. Default: 1024.</summary>
    public int NofileLimit { get; set; } = 1024;

    /// <summary>How long to keep reading a container's output after it exited before giving up on the rest. Default: 10 s.</summary>
    public TimeSpan LogDrainTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Longest <c>PingAsync</c> waits for the engine. Default: 5 s.</summary>
    public TimeSpan PingTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// A directory holding <c>ca.pem</c>, <c>cert.pem</c> and <c>key.pem</c> (the layout of Docker's
    /// <c>DOCKER_CERT_PATH</c>): with it the worker reaches a <c>tcp://</c> or <c>https://</c> engine over mutual TLS,
    /// presenting the client certificate and trusting only an engine certificate that the CA signed for the endpoint's
    /// host. Default: none (no TLS).
    /// </summary>
    public string? TlsCertPath { get; set; }

    /// <summary>
    /// <c>Docker</c> or <c>Simulated</c> (<c>Scheduler:Containers:Runtime</c>). Default: <c>Docker</c>.
    /// <c>Simulated</c> runs no container and exists for the benchmark tool (<c>Tests/Benchmarks</c>).
    /// </summary>
    public ContainerRuntimeKind Runtime { get; set; } = ContainerRuntimeKind.Docker;

    /// <summary>
    /// How long each simulated attempt "runs" before it exits with code 0
    /// (<c>Scheduler:Containers:SimulatedRunTime</c>). Used only by the simulated runtime. Default: zero (at once).
    /// </summary>
    public TimeSpan SimulatedRunTime { get; set; } = TimeSpan.Zero;
}
