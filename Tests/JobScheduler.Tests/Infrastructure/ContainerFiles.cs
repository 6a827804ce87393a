using Docker.DotNet;
using Docker.DotNet.Models;

namespace JobScheduler.Tests.Infrastructure;

/// <summary>
/// Lets a test decide when a job's container goes on: the job's command waits for a file in its <c>/tmp</c> (the
/// writable tmpfs every job has), and the test creates it through the local engine's exec API, as
/// <c>docker exec &lt;id&gt; touch &lt;path&gt;</c> would. A job then lasts as long as the test needs, however slowly a
/// browser or a busy machine gets there, and no longer.
/// </summary>
public static class ContainerFiles
{
    /// <summary>
    /// A shell loop for a job's command: waits (up to <paramref name="maxSeconds"/>, so a job whose test died still
    /// ends) until <paramref name="path"/> exists, running <paramref name="eachSecond"/> once a second meanwhile.
    /// </summary>
    public static string WaitFor(string path, int maxSeconds = 120, string eachSecond = ":") =>
        $"i=0; while [ $i -lt {maxSeconds} ] && [ ! -e {path} ]; do i=$((i+1)); {eachSecond}; sleep 1; done";

    /// <summary>Creates <paramref name="path"/> in the running container and waits until that is done.</summary>
    public static async Task TouchAsync(string containerId, string path, TimeSpan timeout)
    {
        using var docker = new DockerClientConfiguration().CreateClient();
        var exec = await docker.Exec.ExecCreateContainerAsync(containerId, new ContainerExecCreateParameters { Cmd = ["touch", path] });
        await docker.Exec.StartContainerExecAsync(exec.ID);
        await Eventually.Async(async () =>
        {
            var state = await docker.Exec.InspectContainerExecAsync(exec.ID);
            Assert.True(state.Running || state.ExitCode == 0, $"touch {path} in {containerId} exited with {state.ExitCode}");
            return !state.Running;
        }, timeout, $"touch {path} in {containerId} to finish");
    }
}
