using System.Globalization;
using System.Text;
using Docker.DotNet.Models;
using JobScheduler.Grains.Execution;
using JobScheduler.Grains.Interfaces;
using JobScheduler.Grains.Jobs;

namespace JobScheduler.Grains.Docker;

/// <summary>
/// Turns a launch into the engine's create request. The security settings here are the server's
/// and no spec can relax them.
/// </summary>
internal static class ContainerDefinition
{
    private const long BytesPerMiB = 1024 * 1024;

    public static CreateContainerParameters Build(ContainerLaunch launch, ContainerOptions options)
    {
        var spec = launch.Spec;
        // Only a direct run (no worker, no stored job) has no settings: the one resolver fills them from this engine's defaults.
        var settings = launch.Settings
            ?? EffectiveSettingsResolver.Resolve(spec, queue: null, JobSettingsDefaults.From(RetryPolicy.Defaults, launch.Timeout, options));
        var resources = settings.Resources;
        var memoryBytes = (resources.MemoryMb ?? options.DefaultMemoryMb) * BytesPerMiB;
        var labels = new Dictionary<string, string>
        {
            [ContainerLabels.JobId] = launch.JobId,
            [ContainerLabels.Attempt] = launch.Attempt.ToString(CultureInfo.InvariantCulture),
            [ContainerLabels.Worker] = launch.Worker,
        };
        if (launch.Cluster is { } cluster)
            labels[ContainerLabels.Cluster] = cluster;
        return new CreateContainerParameters
        {
            Name = Name(launch.JobId, launch.Attempt),
            Image = spec.Image,
            // Cmd only: the argv reaches the image's entrypoint (none for plain images) as-is, no shell.
            Cmd = [.. spec.Command],
            Env = [.. spec.Env.Concat(spec.SecretEnv).Select(pair => $"{pair.Key}={pair.Value}")],
            Labels = labels,
            // Not root unless the job's queue says so: the image's own USER is not trusted either.
            User = settings.User,
            AttachStdout = false,
            AttachStderr = false,
            Tty = false,
            HostConfig = new HostConfig
            {
                Privileged = false,
                CapDrop = ["ALL"],
                SecurityOpt = ["no-new-privileges"],
                // No network unless the job asked for one and its queue allowed it (checked at submission).
                NetworkMode = settings.Network,
                Binds = [],
                Mounts = [],
                Memory = memoryBytes,
                // Equal to Memory: the container gets no swap on top of its limit.
                MemorySwap = memoryBytes,
                NanoCPUs = Math.Max((long)(JobSpecLimits.MinCpus * 1_000_000_000), (long)Math.Round((resources.Cpus ?? options.DefaultCpus) * 1_000_000_000)), // 0 would mean no CPU limit
                PidsLimit = resources.Pids ?? options.DefaultPids,
                LogConfig = new LogConfig
                {
                    Type = "json-file",
                    Config = new Dictionary<string, string> { ["max-size"] = options.LogMaxSize, ["max-file"] = "1" },
                },
                AutoRemove = false,
                // The image stays as built; a job writes to /tmp, whose size counts against nothing else, so it is capped.
                ReadonlyRootfs = !settings.WritableRootFilesystem,
                Tmpfs = new Dictionary<string, string>
                {
                    ["/tmp"] = string.Create(CultureInfo.InvariantCulture, $"rw,nosuid,nodev,size={options.TmpSizeMb}m,mode=1777"),
                },
                Ulimits = [new Ulimit { Name = "nofile", Soft = options.NofileLimit, Hard = options.NofileLimit }],
            },
        };
    }

    /// <summary><c>js-&lt;jobId&gt;-&lt;attempt&gt;</c>, with characters Docker refuses in names replaced by <c>-</c>.</summary>
    public static string Name(string jobId, int attempt)
    {
        var name = new StringBuilder("js-");
        foreach (var c in jobId)
        {
            name.Append(char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or '-' ? c : '-');
        }

        return name.Append('-').Append(attempt.ToString(CultureInfo.InvariantCulture)).ToString();
    }
}
