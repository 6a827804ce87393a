using JobScheduler.Grains.Interfaces;
using JobScheduler.Tests.Infrastructure;
using static JobScheduler.Tests.Docker.DockerTestRuns;

namespace JobScheduler.Tests.Docker;

[Collection(DockerCollection.Name)]
public sealed class DockerContainerRuntimeTests(DockerEngineFixture docker)
{
    [Fact]
    public async Task RunAsync_EchoArgv_StdoutShowsArgvAndSucceeds()
    {
        var result = await Runtime(docker.Client).RunAsync(Launch(["echo", "hello", "two words"]), NoOpStarted, CancellationToken.None);

        Assert.Equal("hello two words\n", result.Logs.Stdout);
        Assert.Equal(0, result.ExitCode);
        Assert.Null(result.FailureReason);
        Assert.True(result.Succeeded);
        Assert.True(result.Logs.Complete);
        Assert.NotNull(result.StartedAt);
        Assert.False(await ContainerExistsAsync(docker.Client, result.ContainerId!));
    }

    [Fact]
    public async Task RunAsync_Env_ReachesContainer()
    {
        var env = new Dictionary<string, string> { ["GREETING"] = "hello world", ["EMPTY"] = "" };

        var result = await Runtime(docker.Client).RunAsync(Launch(["env"], env: env), NoOpStarted, CancellationToken.None);

        var lines = result.Logs.Stdout.Split('\n');
        Assert.Contains("GREETING=hello world", lines);
        Assert.Contains("EMPTY=", lines);
    }

    [Fact]
    public async Task RunAsync_ExitThree_ReportsExitCodeAndNonZeroExit()
    {
        var result = await Runtime(docker.Client).RunAsync(Launch(["sh", "-c", "echo oops >&2; exit 3"]), NoOpStarted, CancellationToken.None);

        Assert.Equal(3, result.ExitCode);
        Assert.Equal("non-zero-exit: exit code 3", result.FailureReason);
        Assert.Equal("oops\n", result.Logs.Stderr);
        Assert.False(result.Succeeded);
    }

    [Fact]
    public async Task RunAsync_ShellMetacharactersInArgv_ReachContainerLiterally()
    {
        string[] args = ["; rm -rf /", "$(id)", "`id`", "it's", "say \"hi\"", "*", "a\\nb", "$HOME && echo pwned"];

        var result = await Runtime(docker.Client).RunAsync(Launch(["printf", "%s\\n", .. args]), NoOpStarted, CancellationToken.None);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(string.Concat(args.Select(arg => arg + "\n")), result.Logs.Stdout);
    }

    [Fact]
    public async Task RunAsync_StdoutOverCap_KeepsOnlyTailAndMarksTruncated()
    {
        // 300003 bytes are whole lines of "0123456789\n", so the marker follows a complete line.
        var command = new[] { "sh", "-c", "yes 0123456789 | head -c 300003; echo END-MARKER; echo small >&2" };

        var result = await Runtime(docker.Client).RunAsync(Launch(command), NoOpStarted, CancellationToken.None);

        Assert.True(result.Logs.StdoutTruncated);
        Assert.Equal(JobLogs.CapBytes, result.Logs.Stdout.Length);
        Assert.EndsWith("0123456789\nEND-MARKER\n", result.Logs.Stdout);
        Assert.False(result.Logs.StderrTruncated);
        Assert.Equal("small\n", result.Logs.Stderr);
    }

    [Fact]
    public async Task ReadLiveLogsAsync_RunningContainer_ReturnsOutputSoFarThenNullOnceGone()
    {
        var runtime = Runtime(docker.Client);
        using var cancel = new CancellationTokenSource();
        var started = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var run = runtime.RunAsync(Launch(["sh", "-c", "echo live-marker; echo err-marker >&2; sleep 600"]),
            (id, _) => { started.SetResult(id); return Task.CompletedTask; }, cancel.Token);
        var containerId = await started.Task.WaitAsync(TimeSpan.FromSeconds(30));

        JobLogs? live = null;
        await Eventually.Async(async () =>
        {
            live = await runtime.ReadLiveLogsAsync(containerId, 1, CancellationToken.None);
            return live?.Stdout.Contains("live-marker", StringComparison.Ordinal) == true;
        }, TimeSpan.FromSeconds(10), "the running container's stdout shows live-marker");
        await cancel.CancelAsync();
        await run;

        Assert.False(live!.Complete);
        Assert.Equal(1, live.Attempt);
        Assert.Equal("err-marker\n", live.Stderr);
        Assert.Null(await runtime.ReadLiveLogsAsync(containerId, 1, CancellationToken.None));
    }

    [Fact]
    public async Task PingAsync_RunningEngine_ReturnsTrue()
    {
        Assert.True(await Runtime(docker.Client).PingAsync(CancellationToken.None));
    }
}
