using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using JobScheduler.Grains.Interfaces;
using JobScheduler.Tests.Api;
using JobScheduler.Tests.Infrastructure;
using JobScheduler.Tests.Schedules;

namespace JobScheduler.Tests.Policy;

/// <summary>
/// What a submission may ask for, through the REST API: a queue's maxima, image policy and minimum cron interval,
/// private registries, and the bugs the probes found (priority overflow, zoneinfo directories, CPU rounding), for
/// jobs, schedule templates and workflow steps alike.
/// </summary>
[Collection(EmbeddedApiCollection.Name)]
public sealed class SubmissionPolicyApiTests(EmbeddedApiFixture api)
{
    private const string Jobs = "/api/v1/jobs";
    private const string Schedules = "/api/v1/schedules";
    private const string Workflows = "/api/v1/workflows";
    private const string Busybox = """ "image": "busybox:latest", "command": ["true"] """;

    private readonly HttpClient _http = api.CreateClient();
    private QueuesHttpClient Queues => new(_http);

    // A job far in the future: accepted, never run.
    private static JobSpec Later(string queue) =>
        new() { Image = "busybox:latest", Command = ["true"], Queue = queue, RunAt = DateTimeOffset.UtcNow.AddDays(1) };

    public static TheoryData<string, string, string> PriorityOverflow => new()
    {
        { Jobs, $$"""{ {{Busybox}}, "priority": -2147483648 }""", "priority" },
        { Schedules, $$"""{ "cron": "0 0 1 1 *", "job": { {{Busybox}}, "priority": -2147483648 } }""", "job.priority" },
        { Workflows, $$"""{ "steps": [ { "name": "a", "job": { {{Busybox}}, "priority": -2147483648 } } ] }""", "steps[0].job.priority" },
    };

    [Theory]
    [MemberData(nameof(PriorityOverflow))]
    public async Task Post_PriorityIntMinValue_Returns400NamingPriority(string path, string body, string field)
    {
        using var response = await _http.PostAsync(path, Json(body));

        await ProblemAssert.NamesFieldAsync(response, field);
    }

    [Theory]
    [InlineData("America")]
    [InlineData("Europe")]
    [InlineData("Etc")]
    [InlineData("posix")]
    [InlineData("right")]
    public async Task CreateSchedule_ZoneinfoDirectoryAsTimeZone_Returns400NamingTimeZone(string zone)
    {
        using var response = await _http.PostAsync(Schedules, Json($$"""{ "cron": "0 0 1 1 *", "timeZone": "{{zone}}", "job": { {{Busybox}} } }"""));

        await ProblemAssert.NamesFieldAsync(response, "timeZone");
    }

    [Fact]
    public async Task Submit_CpusTooSmallToLimit_Returns400NamingCpus()
    {
        using var response = await _http.PostAsync(Jobs, Json($$"""{ {{Busybox}}, "resources": { "cpus": 1e-10 } }"""));

        var messages = await ProblemAssert.NamesFieldAsync(response, "resources.cpus");
        Assert.Contains(messages, m => m.Contains("at least 0.01", StringComparison.Ordinal));
    }

    [Fact]
    public async Task UpdateQueue_DefaultCpusTooSmallToLimit_Returns400NamingCpus()
    {
        using var response = await _http.PutAsync($"/api/v1/queues/{QueuesHttpClient.UniqueName("cpus")}", Json("""{ "resources": { "cpus": 1e-10 } }"""));

        await ProblemAssert.NamesFieldAsync(response, "resources.cpus");
    }

    [Fact]
    public async Task Submit_AboveTheQueuesMaxima_Returns400NamingEachFieldAndLimit()
    {
        var queue = QueuesHttpClient.UniqueName("reports");
        await Queues.UpdateAsync(queue, new QueueSettings { Maxima = new JobMaxima { Cpus = 0.5, MemoryMb = 1024, Pids = 64, Timeout = TimeSpan.FromMinutes(5) } });

        using var response = await _http.PostAsJsonAsync(Jobs, Later(queue) with
        {
            Resources = new ResourceLimits { Cpus = 1, MemoryMb = 2048, Pids = 65 },
            Timeout = TimeSpan.FromMinutes(6),
        }, SchedulerCluster.Json);

        Assert.Equal([$"At most 1024 MiB in queue '{queue}'."], await ProblemAssert.NamesFieldAsync(response, "resources.memoryMb"));
        Assert.Equal([$"At most 0.5 CPUs in queue '{queue}'."], await ProblemAssert.NamesFieldAsync(response, "resources.cpus"));
        Assert.Equal([$"At most 64 processes in queue '{queue}'."], await ProblemAssert.NamesFieldAsync(response, "resources.pids"));
        Assert.Equal([$"At most 00:05:00 in queue '{queue}'."], await ProblemAssert.NamesFieldAsync(response, "timeout"));
        await new JobsHttpClient(_http).SubmitAsync(Later(queue) with { Resources = new ResourceLimits { MemoryMb = 1024 } });
    }

    [Fact]
    public async Task CreateScheduleAndWorkflow_TemplateAboveTheQueuesMaxima_Return400AndStoreNothing()
    {
        var queue = QueuesHttpClient.UniqueName("maxima");
        await Queues.UpdateAsync(queue, new QueueSettings { Maxima = new JobMaxima { MemoryMb = 1024 } });
        var big = new JobSpec { Image = "busybox:latest", Command = ["true"], Queue = queue, Resources = new ResourceLimits { MemoryMb = 2048 } };

        using var schedule = await _http.PostAsJsonAsync(Schedules, new ScheduleSpec { Cron = "0 0 1 1 *", Job = big }, SchedulerCluster.Json);
        using var workflow = await _http.PostAsJsonAsync(Workflows, new WorkflowSpec { Steps = [new WorkflowStepSpec { Name = "a", Job = big }] }, SchedulerCluster.Json);
        using var scheduledWorkflow = await _http.PostAsJsonAsync(Schedules, new ScheduleSpec
        {
            Cron = "0 0 1 1 *",
            Workflow = new WorkflowSpec { Steps = [new WorkflowStepSpec { Name = "a", Job = big with { Queue = "default", Resources = null } }, new WorkflowStepSpec { Name = "b", Job = big }] },
        }, SchedulerCluster.Json);

        await ProblemAssert.NamesFieldAsync(schedule, "job.resources.memoryMb");
        await ProblemAssert.NamesFieldAsync(workflow, "steps[0].job.resources.memoryMb");
        await ProblemAssert.NamesFieldAsync(scheduledWorkflow, "workflow.steps[1].job.resources.memoryMb");
    }

    [Fact]
    public async Task UpdateQueue_DefaultsAboveItsOwnMaxima_Returns400()
    {
        using var response = await _http.PutAsJsonAsync($"/api/v1/queues/{QueuesHttpClient.UniqueName("own")}", new QueueSettings
        {
            Resources = new ResourceLimits { MemoryMb = 2048 },
            Maxima = new JobMaxima { MemoryMb = 1024 },
        }, SchedulerCluster.Json);

        await ProblemAssert.NamesFieldAsync(response, "resources.memoryMb");
    }

    [Theory]
    [InlineData("quay.io/team/app:1")]
    [InlineData("team/app:1")]
    public async Task Submit_ImageOutsideTheQueuesAllowList_Returns400NamingImage(string image)
    {
        var queue = QueuesHttpClient.UniqueName("images");
        await Queues.UpdateAsync(queue, new QueueSettings { ImagePolicy = new ImagePolicy { Allowed = ["docker.io/library/*"] } });

        using var response = await _http.PostAsJsonAsync(Jobs, Later(queue) with { Image = image }, SchedulerCluster.Json);

        await ProblemAssert.NamesFieldAsync(response, "image");
        await new JobsHttpClient(_http).SubmitAsync(Later(queue));
    }

    [Fact]
    public async Task Submit_TagWhereTheQueueRequiresDigests_Returns400NamingImage()
    {
        var queue = QueuesHttpClient.UniqueName("digests");
        await Queues.UpdateAsync(queue, new QueueSettings { ImagePolicy = new ImagePolicy { RequireDigest = true } });

        using var response = await _http.PostAsJsonAsync(Jobs, Later(queue), SchedulerCluster.Json);

        Assert.Contains(await ProblemAssert.NamesFieldAsync(response, "image"), m => m.Contains("digest", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Submit_LoopbackRegistry_Returns400AndNeverConnects()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;

        foreach (var image in new[] { $"127.0.0.1:{port}/x:1", $"localhost:{port}/x:1" })
        {
            using var job = await _http.PostAsJsonAsync(Jobs, new JobSpec { Image = image, Command = ["true"] }, SchedulerCluster.Json);
            using var schedule = await _http.PostAsJsonAsync(Schedules, new ScheduleSpec { Cron = "* * * * * *", Job = new JobSpec { Image = image, Command = ["true"] } }, SchedulerCluster.Json);

            Assert.Contains(await ProblemAssert.NamesFieldAsync(job, "image"), m => m.Contains("AllowedPrivateRegistries", StringComparison.Ordinal));
            await ProblemAssert.NamesFieldAsync(schedule, "job.image");
        }
        await Continually.Async(() => Task.FromResult(!listener.Pending()), TimeSpan.FromSeconds(2), "nothing connects to the refused registry");
    }

    [Fact]
    public async Task CreateScheduleAndWorkflow_BridgeInAQueueWithoutNetwork_Return400NamingNetwork()
    {
        var queue = QueuesHttpClient.UniqueName("closed");
        var bridge = new JobSpec { Image = "busybox:latest", Command = ["true"], Queue = queue, Network = JobNetworks.Bridge };

        using var schedule = await _http.PostAsJsonAsync(Schedules, new ScheduleSpec { Cron = "* * * * * *", Job = bridge }, SchedulerCluster.Json);
        using var workflow = await _http.PostAsJsonAsync(Workflows, new WorkflowSpec { Steps = [new WorkflowStepSpec { Name = "a", Job = bridge }] }, SchedulerCluster.Json);
        using var scheduledWorkflow = await _http.PostAsJsonAsync(Schedules, new ScheduleSpec
        {
            Cron = "* * * * * *",
            Workflow = new WorkflowSpec { Steps = [new WorkflowStepSpec { Name = "a", Job = bridge }] },
        }, SchedulerCluster.Json);

        await ProblemAssert.NamesFieldAsync(schedule, "job.network");
        await ProblemAssert.NamesFieldAsync(workflow, "steps[0].job.network");
        await ProblemAssert.NamesFieldAsync(scheduledWorkflow, "workflow.steps[0].job.network");
    }

    [Fact]
    public async Task Schedule_QueueForbidsNetworkAfterCreation_RunsFailToStartButTheScheduleKeepsFiring()
    {
        var queue = QueuesHttpClient.UniqueName("changed");
        var schedules = new SchedulesHttpClient(_http);
        await Queues.UpdateAsync(queue, new QueueSettings { AllowNetwork = true });
        var schedule = await schedules.CreateAsync(new ScheduleSpec
        {
            Cron = "*/2 * * * * *",
            Overlap = OverlapPolicy.Skip,
            Job = new JobSpec { Image = "busybox:latest", Command = ["true"], Queue = queue, Network = JobNetworks.Bridge },
        });
        try
        {
            await Queues.UpdateAsync(queue, new QueueSettings { AllowNetwork = false });
            var changedAt = DateTimeOffset.UtcNow;

            using var trigger = await _http.PostAsync($"{Schedules}/{schedule.Id}/trigger", null);
            var problem = await ProblemAssert.IsProblemAsync(trigger, HttpStatusCode.Conflict);
            Assert.True(problem.GetProperty("errors").TryGetProperty("job.network", out _), problem.GetRawText());

            // Occurrences after the change fire, fail to start, and never make the next one an overlap.
            await Eventually.Async(async () => (await schedules.RunsAsync(schedule.Id)).Count(r => IsRefused(r, changedAt, ScheduleRunKind.Scheduled)) >= 2,
                TimeSpan.FromSeconds(20), "two scheduled runs after the change fail to start");
            var runs = await schedules.RunsAsync(schedule.Id);
            Assert.Contains(runs, r => IsRefused(r, changedAt, ScheduleRunKind.Manual));
            var firstRefused = runs.Where(r => IsRefused(r, changedAt, ScheduleRunKind.Scheduled)).Min(r => r.Occurrence);
            Assert.DoesNotContain(runs, r => r.Occurrence > firstRefused && r.Skipped == ScheduleSkipReason.Overlap);

            // Allowed again: the next occurrence starts a job. (Whether its container then reaches a network depends on the
            // engine's bridge, which a test machine may not have; starting the job is the schedule's part.)
            await Queues.UpdateAsync(queue, new QueueSettings { AllowNetwork = true });
            await Eventually.Async(async () => (await schedules.RunsAsync(schedule.Id)).Any(r => r.Occurrence > firstRefused && r.JobId is not null),
                TimeSpan.FromSeconds(60), "a run after the queue allows network again starts a job");
        }
        finally
        {
            await schedules.DeleteAsync(schedule.Id);
        }
    }

    [Fact]
    public async Task CreateSchedule_CronCloserThanTheQueuesMinimum_Returns400NamingCron()
    {
        var queue = QueuesHttpClient.UniqueName("slow");
        await Queues.UpdateAsync(queue, new QueueSettings { MinCronInterval = TimeSpan.FromMinutes(1) });
        var job = new JobSpec { Image = "busybox:latest", Command = ["true"], Queue = queue };

        using var tooOften = await _http.PostAsJsonAsync(Schedules, new ScheduleSpec { Cron = "*/10 * * * * *", Job = job }, SchedulerCluster.Json);

        Assert.Contains(await ProblemAssert.NamesFieldAsync(tooOften, "cron"), m => m.Contains($"in queue '{queue}'", StringComparison.Ordinal));
        var schedules = new SchedulesHttpClient(_http);
        await schedules.DeleteAsync((await schedules.CreateAsync(new ScheduleSpec { Cron = "0 0 1 1 *", Job = job })).Id);
    }

    private static bool IsRefused(ScheduleRun run, DateTimeOffset after, ScheduleRunKind kind) =>
        run.Kind == kind && run.RecordedAt >= after && run.State == JobState.Failed && run.JobId is null
        && run.Detail?.StartsWith("Could not start: job.network", StringComparison.Ordinal) == true;

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");
}
