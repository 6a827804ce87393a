using System.Net;
using System.Net.Http.Json;
using JobScheduler.Grains.Interfaces;
using JobScheduler.Tests.Api;
using JobScheduler.Tests.Infrastructure;

namespace JobScheduler.Tests.Builds;

/// <summary>
/// Jobs built from a Dockerfile URL, end to end in embedded mode: a local HTTP server, the outbound guard, the real
/// Docker engine's classic builder (network none), the job's container from the built image.
/// </summary>
[Collection(BuildCollection.Name)]
[Trait("Category", "Builds")]
public sealed class BuildJobTests(BuildApiFixture api)
{
    private static readonly TimeSpan RunTimeout = TimeSpan.FromSeconds(120);
    private static readonly RetryPolicy NoRetry = new() { MaxAttempts = 1 };
    private readonly JobsHttpClient _jobs = new(api.CreateClient());

    private static string Dockerfile(string text) =>
        $"# a build test\nFROM busybox:latest\nRUN mkdir -p /opt && echo '{text}' > /opt/built.txt\n";

    private static JobSpec PrintBuiltFile(Uri dockerfile, RetryPolicy? retry = null) => new()
    {
        Build = new BuildSpec { DockerfileUrl = dockerfile.ToString() },
        Command = ["cat", "/opt/built.txt"],
        Retry = retry ?? NoRetry,
    };

    [Fact]
    public async Task Build_DockerfileWithRunStep_JobPrintsTheFileAndSameContentIsNotBuiltAgainButChangedContentIs()
    {
        var nonce = Guid.NewGuid().ToString("N");
        var url = api.Server.Serve($"/same/{nonce}/Dockerfile", Dockerfile($"first {nonce}"));
        var builds = api.BuildCount;

        var first = await _jobs.WaitForTerminalAsync((await _jobs.SubmitAsync(PrintBuiltFile(url))).Id, RunTimeout);

        Assert.True(first.State == JobState.Succeeded, $"{first.State}: {first.CurrentAttempt?.FailureReason}");
        var firstLogs = await _jobs.GetLogsAsync(first.Id);
        Assert.Equal($"first {nonce}\n", firstLogs.Stdout);
        Assert.Contains("[build] building jobscheduler-build:", firstLogs.Build, StringComparison.Ordinal);
        Assert.True(firstLogs.Build.Contains("Step 2/3 : RUN mkdir", StringComparison.Ordinal), firstLogs.Build);
        Assert.Equal(builds + 1, api.BuildCount);

        var second = await _jobs.WaitForTerminalAsync((await _jobs.SubmitAsync(PrintBuiltFile(url))).Id, RunTimeout);

        Assert.Equal(JobState.Succeeded, second.State);
        var secondLogs = await _jobs.GetLogsAsync(second.Id);
        Assert.Equal($"first {nonce}\n", secondLogs.Stdout);
        Assert.Contains("the same content was built before: reusing jobscheduler-build:", secondLogs.Build, StringComparison.Ordinal);
        Assert.DoesNotContain("Step 1/2", secondLogs.Build, StringComparison.Ordinal);
        Assert.Equal(builds + 1, api.BuildCount);

        api.Server.Serve($"/same/{nonce}/Dockerfile", Dockerfile($"changed {nonce}"));
        var third = await _jobs.WaitForTerminalAsync((await _jobs.SubmitAsync(PrintBuiltFile(url))).Id, RunTimeout);

        Assert.Equal(JobState.Succeeded, third.State);
        Assert.Equal($"changed {nonce}\n", (await _jobs.GetLogsAsync(third.Id)).Stdout);
        Assert.Equal(builds + 2, api.BuildCount);
        Assert.Equal(3, api.Server.Answered($"/same/{nonce}/Dockerfile"));
    }

    [Fact]
    public async Task Build_ContextWithETag_SecondJobReusesTheImageWithoutFetchingTheContextAgain()
    {
        var nonce = Guid.NewGuid().ToString("N");
        var dockerfile = api.Server.Serve($"/ctx/{nonce}/Dockerfile", "FROM busybox:latest\nCOPY greeting.txt /opt/greeting.txt\n");
        var context = api.Server.Serve($"/ctx/{nonce}/context.tar.gz", BuildServer.TarGz(new Dictionary<string, string> { ["greeting.txt"] = $"hello {nonce}\n" }));
        var spec = new JobSpec
        {
            Build = new BuildSpec { DockerfileUrl = dockerfile.ToString(), ContextUrl = context.ToString() },
            Command = ["cat", "/opt/greeting.txt"],
            Retry = NoRetry,
        };
        var builds = api.BuildCount;

        var first = await _jobs.WaitForTerminalAsync((await _jobs.SubmitAsync(spec)).Id, RunTimeout);
        var second = await _jobs.WaitForTerminalAsync((await _jobs.SubmitAsync(spec)).Id, RunTimeout);

        Assert.True(first.State == JobState.Succeeded, $"{first.State}: {first.CurrentAttempt?.FailureReason}");
        Assert.Equal(JobState.Succeeded, second.State);
        Assert.Equal($"hello {nonce}\n", (await _jobs.GetLogsAsync(second.Id)).Stdout);
        Assert.Contains("the context is unchanged (304 Not Modified)", (await _jobs.GetLogsAsync(second.Id)).Build, StringComparison.Ordinal);
        Assert.Equal(builds + 1, api.BuildCount);
        Assert.Equal(1, api.Server.Answered($"/ctx/{nonce}/context.tar.gz", 200));
        Assert.Equal(1, api.Server.Answered($"/ctx/{nonce}/context.tar.gz", 304));
    }

    [Fact]
    public async Task Build_FailingRunStep_EndsBuildFailedAndIsNotRetried()
    {
        var url = api.Server.Serve($"/fail/{Guid.NewGuid():N}/Dockerfile", "FROM busybox:latest\nRUN echo about to fail && exit 3\n");
        var retrying = new RetryPolicy { MaxAttempts = 3, InitialBackoff = TimeSpan.FromMilliseconds(100) };

        var done = await _jobs.WaitForTerminalAsync((await _jobs.SubmitAsync(PrintBuiltFile(url, retrying))).Id, RunTimeout);

        Assert.Equal(JobState.Failed, done.State);
        var attempt = Assert.Single(done.Attempts);
        Assert.StartsWith(FailureReasons.BuildFailed + ": ", attempt.FailureReason, StringComparison.Ordinal);
        Assert.Contains("non-zero code: 3", attempt.FailureReason, StringComparison.Ordinal);
        Assert.Null(attempt.ContainerId);
        var logs = await _jobs.GetLogsAsync(done.Id);
        Assert.Contains("about to fail", logs.Build, StringComparison.Ordinal);
        Assert.Equal("", logs.Stdout);
    }

    [Fact]
    public async Task Build_ServerAnswering500_IsFetchFailedAndRetriedByPolicy()
    {
        var before = api.BuildCount;
        var retrying = new RetryPolicy { MaxAttempts = 2, InitialBackoff = TimeSpan.FromMilliseconds(200) };

        var done = await _jobs.WaitForTerminalAsync((await _jobs.SubmitAsync(PrintBuiltFile(api.Server.Url("/error"), retrying))).Id, RunTimeout);

        Assert.Equal(JobState.DeadLettered, done.State);
        Assert.Equal([1, 2], done.Attempts.Select(a => a.Number));
        Assert.All(done.Attempts, a => Assert.Equal($"{FailureReasons.FetchFailed}: the Dockerfile: the server answered 500", a.FailureReason));
        Assert.DoesNotContain("SECRET", (await _jobs.GetLogsAsync(done.Id)).Build, StringComparison.Ordinal);
        Assert.Equal(before, api.BuildCount);
    }

    [Theory]
    [InlineData("/to-denied", "redirect refused: the host 'denied.example' is denied")]
    [InlineData("/to-metadata", "the address 169.254.169.254 is link-local")]
    [InlineData("/big", "the response is larger than 16384 bytes")]
    [InlineData("/slow", "no complete response within 5 s")]
    [InlineData("/missing", "the server answered 404")]
    public async Task Build_UrlTheGuardRefuses_IsFetchFailedBeforeAnythingIsBuilt(string path, string reason)
    {
        var before = api.BuildCount;

        var done = await _jobs.WaitForTerminalAsync((await _jobs.SubmitAsync(PrintBuiltFile(api.Server.Url(path)))).Id, RunTimeout);

        Assert.Equal(JobState.Failed, done.State);
        var attempt = Assert.Single(done.Attempts);
        Assert.StartsWith($"{FailureReasons.FetchFailed}: the Dockerfile: ", attempt.FailureReason, StringComparison.Ordinal);
        Assert.Contains(reason, attempt.FailureReason, StringComparison.Ordinal);
        Assert.Null(attempt.ContainerId);
        Assert.Equal(before, api.BuildCount);
    }

    [Fact]
    public async Task Build_MetadataAddress_IsRefusedAtSubmissionAndNothingIsStored()
    {
        using var http = api.CreateClient();
        var spec = PrintBuiltFile(new Uri("http://169.254.169.254/latest/meta-data/"));

        using var response = await http.PostAsJsonAsync("/api/v1/jobs", spec, SchedulerCluster.Json);

        var messages = await ProblemAssert.NamesFieldAsync(response, "build.dockerfileUrl");
        Assert.Contains(messages, m => m.Contains("link-local", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Build_FromImageOutsideTheQueuesImagePolicy_EndsBuildFailedBeforeBuilding()
    {
        var queue = "builds-policy";
        await new QueuesHttpClient(api.CreateClient()).UpdateAsync(queue, new QueueSettings { ImagePolicy = new ImagePolicy { Allowed = ["docker.io/library/alpine"] } });
        var url = api.Server.Serve($"/policy/{Guid.NewGuid():N}/Dockerfile", "ARG BASE=busybox\nFROM alpine:3 AS tools\nFROM ${BASE}:latest\nCOPY --from=tools /etc/alpine-release /x\n");
        var before = api.BuildCount;

        var done = await _jobs.WaitForTerminalAsync((await _jobs.SubmitAsync(PrintBuiltFile(url) with { Queue = queue })).Id, RunTimeout);

        Assert.Equal(JobState.Failed, done.State);
        Assert.StartsWith($"{FailureReasons.BuildFailed}: the base image 'busybox:latest' is refused: ", done.CurrentAttempt!.FailureReason, StringComparison.Ordinal);
        Assert.Equal(before, api.BuildCount);
    }

    [Fact]
    public async Task Submit_ImageAndBuildTogether_Is400NamingImage()
    {
        using var http = api.CreateClient();
        var spec = PrintBuiltFile(api.Server.Url("/x")) with { Image = "busybox:latest" };

        using var response = await http.PostAsJsonAsync("/api/v1/jobs", spec, SchedulerCluster.Json);

        await ProblemAssert.NamesFieldAsync(response, "image");
    }

    [Fact]
    public async Task Submit_BuildWithBadUrlAndTooManyArgs_Is400NamingEachField()
    {
        using var http = api.CreateClient();
        var spec = new JobSpec
        {
            Build = new BuildSpec
            {
                DockerfileUrl = "ftp://example.com/Dockerfile",
                ContextUrl = "not a url",
                BuildArgs = Enumerable.Range(0, JobSpecLimits.MaxBuildArgs + 1).ToDictionary(i => $"A{i}", i => "v"),
                Target = "bad target",
            },
            Command = ["true"],
        };

        using var response = await http.PostAsJsonAsync("/api/v1/jobs", spec, SchedulerCluster.Json);

        await ProblemAssert.NamesFieldAsync(response, "build.dockerfileUrl");
        using var again = await http.PostAsJsonAsync("/api/v1/jobs", spec, SchedulerCluster.Json);
        var errors = (await ProblemAssert.IsProblemAsync(again, HttpStatusCode.BadRequest)).GetProperty("errors");
        Assert.True(errors.TryGetProperty("build.contextUrl", out _), errors.GetRawText());
        Assert.True(errors.TryGetProperty("build.buildArgs", out _), errors.GetRawText());
        Assert.True(errors.TryGetProperty("build.target", out _), errors.GetRawText());
    }
}
