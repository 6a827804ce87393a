using System.Diagnostics;
using Docker.DotNet;
using Docker.DotNet.Models;

namespace JobScheduler.Benchmarks;

/// <summary>
/// The Docker engine's own limit: the containers B1 runs (busybox, <c>sh -c 'exit 0'</c>, network none) with the
/// scheduler's default container spec (<see cref="SchedulerSpec"/>), created, started, waited for and removed directly
/// through Docker.DotNet at the same concurrency, with no scheduler in between. B1 is reported as a ratio to it.
/// </summary>
public static class DockerLimit
{
    public const string Image = "busybox:latest";
    public static readonly string[] Command = ["sh", "-c", "exit 0"];
    private const long MemoryBytes = 512L * 1024 * 1024;

    /// <summary>
    /// What the scheduler's default container spec adds to the minimal one, as Grains/Docker/ContainerDefinition builds
    /// it with the default ContainerOptions (no queue or spec overrides): a name, user <c>65534:65534</c>, a read-only
    /// root with a 64 MB <c>/tmp</c> tmpfs, a nofile ulimit of 1024, a json-file log capped at 10m, and four labels
    /// (job id, attempt, worker, and the run's label for the cluster's; under this tool's own keys, so no worker's orphan
    /// sweep takes them).
    /// </summary>
    public const string SchedulerSpec =
        "user 65534:65534, read-only root with a 64 MB /tmp tmpfs, nofile ulimit 1024, json-file log capped at 10m, a name and 4 labels";

    /// <summary>
    /// Runs <paramref name="containers"/> containers with the scheduler's default container spec, <paramref name="concurrency"/>
    /// at a time; containers per second.
    /// </summary>
    /// <param name="attach">Also attach to each container's output before its start and read it to the end, as the
    /// scheduler's worker does (<c>--b1-limit-attach</c>: what the attach costs the engine).</param>
    public static async Task<double> MeasureAsync(int containers, int concurrency, CancellationToken cancellationToken, bool attach = false)
    {
        using var docker = new DockerClientConfiguration(new Uri("unix:///var/run/docker.sock")).CreateClient();
        var label = "jobscheduler.benchmark-limit=" + Guid.NewGuid().ToString("N")[..12];
        var clock = Stopwatch.StartNew();
        try
        {
            await Parallel.ForEachAsync(Enumerable.Range(0, containers),
                new ParallelOptions { MaxDegreeOfParallelism = concurrency, CancellationToken = cancellationToken },
                async (_, ct) => await RunOneAsync(docker, label, ct, schedulerSpec: true, attach));
            return containers / clock.Elapsed.TotalSeconds;
        }
        finally
        {
            await RemoveLeftoversAsync(docker, label);
        }
    }

    /// <summary>The engine's CPU count (<c>docker info</c>'s NCPU): the pace of a container figure depends on it.</summary>
    public static async Task<long> EngineCpusAsync(CancellationToken cancellationToken)
    {
        using var docker = new DockerClientConfiguration(new Uri("unix:///var/run/docker.sock")).CreateClient();
        return (await docker.System.GetSystemInfoAsync(cancellationToken)).NCPU;
    }

    /// <summary>
    /// B7's engine baseline: one container run alone, as <see cref="MeasureAsync"/> runs each; the milliseconds from
    /// the create call to the start's answer (the engine's own create+start), and to its removal (the whole run).
    /// With <paramref name="schedulerSpec"/>, the container gets what the scheduler's default container spec adds
    /// (<see cref="SchedulerSpec"/>; what <see cref="MeasureAsync"/> runs); without it, the minimal spec (no user, a
    /// writable root, the engine's default log and ulimits: B1's limit until 2026-12-02).
    /// </summary>
    public static async Task<(double CreateStartMs, double RunMs)> TimeOneAsync(bool schedulerSpec, CancellationToken cancellationToken)
    {
        using var docker = new DockerClientConfiguration(new Uri("unix:///var/run/docker.sock")).CreateClient();
        var label = "jobscheduler.benchmark-limit=" + Guid.NewGuid().ToString("N")[..12];
        try
        {
            var clock = Stopwatch.StartNew();
            var started = await RunOneAsync(docker, label, cancellationToken, schedulerSpec);
            return (started.TotalMilliseconds, clock.Elapsed.TotalMilliseconds);
        }
        finally
        {
            await RemoveLeftoversAsync(docker, label);
        }
    }

    // Returns the time from the create call to the start's answer.
    private static async Task<TimeSpan> RunOneAsync(DockerClient docker, string label, CancellationToken cancellationToken, bool schedulerSpec = false, bool attach = false)
    {
        var clock = Stopwatch.StartNew();
        var labelParts = label.Split('=');
        var parameters = new CreateContainerParameters
        {
            Image = Image,
            Cmd = Command,
            Labels = new Dictionary<string, string> { [labelParts[0]] = labelParts[1] },
            HostConfig = new HostConfig
            {
                NetworkMode = "none",
                CapDrop = ["ALL"],
                SecurityOpt = ["no-new-privileges"],
                Memory = MemoryBytes,
                MemorySwap = MemoryBytes,
                NanoCPUs = 1_000_000_000,
                PidsLimit = 256,
            },
        };
        if (schedulerSpec)
        {
            // As ContainerDefinition.Build: js-<job id>-<attempt>, the job/attempt/worker labels (the run's label stands
            // for the cluster label), explicit empty env, binds and mounts, no attach, no TTY, not privileged, not
            // auto-removed.
            parameters.Name = "js-benchmark-" + Guid.NewGuid().ToString("N")[..16] + "-1";
            parameters.Labels[labelParts[0] + ".job-id"] = parameters.Name[3..^2];
            parameters.Labels[labelParts[0] + ".attempt"] = "1";
            parameters.Labels[labelParts[0] + ".worker"] = "127.0.0.1:11111@123456789";
            parameters.Env = [];
            parameters.AttachStdout = false;
            parameters.AttachStderr = false;
            parameters.Tty = false;
            parameters.HostConfig.Privileged = false;
            parameters.HostConfig.Binds = [];
            parameters.HostConfig.Mounts = [];
            parameters.HostConfig.AutoRemove = false;
            parameters.User = "65534:65534";
            parameters.HostConfig.ReadonlyRootfs = true;
            parameters.HostConfig.Tmpfs = new Dictionary<string, string> { ["/tmp"] = "rw,nosuid,nodev,size=64m,mode=1777" };
            parameters.HostConfig.Ulimits = [new Ulimit { Name = "nofile", Soft = 1024, Hard = 1024 }];
            parameters.HostConfig.LogConfig = new LogConfig { Type = "json-file", Config = new Dictionary<string, string> { ["max-size"] = "10m", ["max-file"] = "1" } };
        }
        var created = await docker.Containers.CreateContainerAsync(parameters, cancellationToken);
        using var output = attach
            ? await docker.Containers.AttachContainerAsync(created.ID, tty: false, new ContainerAttachParameters { Stream = true, Stdout = true, Stderr = true }, cancellationToken)
            : null;
        try
        {
            await docker.Containers.StartContainerAsync(created.ID, new ContainerStartParameters(), cancellationToken);
            var started = clock.Elapsed;
            var draining = output?.ReadOutputToEndAsync(cancellationToken);
            var exit = await docker.Containers.WaitContainerAsync(created.ID, cancellationToken);
            if (draining is not null)
                await draining;
            if (exit.StatusCode != 0)
                throw new InvalidOperationException($"The Docker-limit container {created.ID[..12]} exited with {exit.StatusCode}.");
            return started;
        }
        finally
        {
            await docker.Containers.RemoveContainerAsync(created.ID, new ContainerRemoveParameters { Force = true }, CancellationToken.None);
        }
    }

    // Interrupted runs (Ctrl+C between create and remove) leave nothing behind.
    private static async Task RemoveLeftoversAsync(DockerClient docker, string label)
    {
        var left = await docker.Containers.ListContainersAsync(new ContainersListParameters
        {
            All = true,
            Filters = new Dictionary<string, IDictionary<string, bool>> { ["label"] = new Dictionary<string, bool> { [label] = true } },
        });
        foreach (var container in left)
            await docker.Containers.RemoveContainerAsync(container.ID, new ContainerRemoveParameters { Force = true });
    }
}
