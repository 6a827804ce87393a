using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using JobScheduler.Grains.Interfaces;
using JobScheduler.Tests.Infrastructure;
using Microsoft.Playwright;

namespace JobScheduler.Tests.Browser;

/// <summary>
/// The operator pages (workflows, workers, dead letters, schedules, queues) in chromium against the real embedded API
/// process: each test drives a page as an operator does, checks it with axe and saves a screenshot.
/// </summary>
[Collection(BrowserCollection.Name)]
[Trait("Category", "Browser")]
public sealed partial class OperationsPagesBrowserTests(BrowserFixture browser)
{
    private static readonly TimeSpan RunTimeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task WorkflowPage_StepsSucceedInTurn_DagTurnsGreenStepByStepWithoutReload()
    {
        var (api, page, session) = await OpenSignedInAsync();
        await using var _ = session;
        // a → b → c, each a few seconds long, so the page shows each step's change on its own; the first goes on when the
        // test says (a file in its container), so the page is open before any step ends, however slowly it opens.
        var spec = new WorkflowSpec
        {
            Labels = new Dictionary<string, string> { ["name"] = "browser-chain" },
            Steps =
            [
                Step("extract", ContainerFiles.WaitFor("/tmp/go") + "; echo extracted"),
                Step("transform", "sleep 2; echo transformed", "extract"),
                Step("load", "sleep 2; echo loaded", "transform"),
            ],
        };
        using var response = await api.PostAsJsonAsync("/api/v1/workflows", spec, SchedulerCluster.Json);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var workflow = await SchedulerCluster.ReadAsync<WorkflowRecord>(response);

        await page.GotoAsync($"/workflows/{workflow.Id}");
        await WaitInteractiveAsync(page);
        // A marker in the page's window: a reload would drop it.
        await page.EvaluateAsync("() => { window.__noReload = 'kept'; }");
        var extract = await new JobsHttpClient(api).WaitUntilAsync(WorkflowIds.StepJobId(workflow.Id, "extract"),
            j => j.CurrentAttempt?.ContainerId is not null, RunTimeout, "the first step's container to run");
        await Assertions.Expect(Node(page, "extract")).ToHaveAttributeAsync("data-state", "Running");
        await ContainerFiles.TouchAsync(extract.CurrentAttempt!.ContainerId!, "/tmp/go", RunTimeout);

        var seen = new List<string>();
        foreach (var step in new[] { "extract", "transform", "load" })
        {
            await Assertions.Expect(Node(page, step)).ToHaveAttributeAsync("data-state", "Succeeded", new() { Timeout = (float)RunTimeout.TotalMilliseconds });
            // When a step turns green, the steps after it have not all finished: the drawing changed step by step.
            var states = await page.Locator("[data-step]").EvaluateAllAsync<string[]>("nodes => nodes.map(n => n.getAttribute('data-step') + '=' + n.getAttribute('data-state'))");
            seen.Add(string.Join(",", states));
        }

        Assert.DoesNotContain("load=Succeeded", seen[0], StringComparison.Ordinal);
        Assert.DoesNotContain("load=Succeeded", seen[1], StringComparison.Ordinal);
        Assert.Equal("kept", await page.EvaluateAsync<string>("() => window.__noReload"));
        await Assertions.Expect(page.Locator(".status-line")).ToContainTextAsync("Succeeded", new() { Timeout = (float)RunTimeout.TotalMilliseconds });
        // Each node links to its step's job.
        var record = await api.GetFromJsonAsync<WorkflowRecord>($"/api/v1/workflows/{workflow.Id}", SchedulerCluster.Json);
        var loadJob = record!.Steps.Single(s => s.Name == "load").JobId!;
        await Assertions.Expect(Node(page, "load").Locator($"a[href='/jobs/{loadJob}']")).ToBeAttachedAsync();

        // The reload after the last event brings the end time and the last step's output (the live event carries neither).
        await Assertions.Expect(page.Locator("dl.facts")).ToContainTextAsync(new Regex(@"Ended\s*\d{4}-\d{2}-\d{2}"), new() { Timeout = (float)RunTimeout.TotalMilliseconds });
        await Assertions.Expect(page.Locator("tbody tr", new() { HasText = "loaded" })).ToBeVisibleAsync();
        await Screenshots.SaveAsync(page, "workflow-detail");
        await Accessibility.AssertNoSeriousViolationsAsync(page);

        await page.GotoAsync("/workflows");
        await WaitInteractiveAsync(page);
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = workflow.Id })).ToBeVisibleAsync();
        await Screenshots.SaveAsync(page, "workflows");
        await Accessibility.AssertNoSeriousViolationsAsync(page);
    }

    [Fact]
    public async Task WorkersPage_DrainThenResume_WorkerStateFollows()
    {
        var (api, page, session) = await OpenSignedInAsync();
        await using var _ = session;
        var workers = await api.GetFromJsonAsync<WorkerStatus[]>("/api/v1/workers", SchedulerCluster.Json);
        var worker = workers!.First(w => w.State != WorkerState.Down).Worker;

        await page.GotoAsync("/workers");
        await WaitInteractiveAsync(page);
        var row = page.Locator($"tr[data-worker='{worker}']");
        try
        {
            await row.GetByRole(AriaRole.Button, new() { Name = $"Drain worker {worker}" }).ClickAsync();
            await Fluent(page.GetByRole(AriaRole.Alertdialog), "Yes, drain it").ClickAsync();
            await Assertions.Expect(row).ToContainTextAsync("Draining");
            Assert.Equal(WorkerState.Draining, (await GetWorkerAsync(api, worker)).State);
            await Screenshots.SaveAsync(page, "workers-draining");

            await row.GetByRole(AriaRole.Button, new() { Name = $"Resume worker {worker}" }).ClickAsync();
            await Assertions.Expect(row).Not.ToContainTextAsync("Draining");
            Assert.NotEqual(WorkerState.Draining, (await GetWorkerAsync(api, worker)).State);
        }
        finally
        {
            // The collection shares this worker: never leave it drained.
            (await api.PostAsync($"/api/v1/workers/{Uri.EscapeDataString(worker)}/resume", null)).Dispose();
        }

        await Screenshots.SaveAsync(page, "workers");
        await Accessibility.AssertNoSeriousViolationsAsync(page);
    }

    [Fact]
    public async Task DeadLettersPage_RequeueOne_JobRunsAgain()
    {
        var (api, page, session) = await OpenSignedInAsync();
        await using var _ = session;
        var queue = $"dl-{Guid.NewGuid():N}"[..12];
        var jobs = new JobsHttpClient(api);
        var job = await jobs.SubmitAsync(new JobSpec
        {
            Image = "busybox:latest",
            Command = ["sh", "-c", "exit 3"],
            Queue = queue,
            // Two attempts, both failing: retries exhausted is what dead-letters a job (a single attempt ends Failed).
            Retry = new RetryPolicy { MaxAttempts = 2, InitialBackoff = TimeSpan.FromSeconds(1) },
        });
        await jobs.WaitUntilAsync(job.Id, j => j.State == JobState.DeadLettered, RunTimeout, "the failing job is dead-lettered");

        await page.GotoAsync($"/dead-letters?queue={queue}");
        await WaitInteractiveAsync(page);
        var row = page.Locator($"tr[data-job='{job.Id}']");
        await Assertions.Expect(row).ToBeVisibleAsync();
        await Screenshots.SaveAsync(page, "dead-letters");
        await Accessibility.AssertNoSeriousViolationsAsync(page);

        await row.GetByRole(AriaRole.Button, new() { Name = $"Requeue {job.Id}" }).ClickAsync();
        var dialog = page.GetByRole(AriaRole.Alertdialog);
        await Assertions.Expect(dialog).ToContainTextAsync(job.Id);
        await Fluent(dialog, "Yes, requeue it").ClickAsync();
        await Assertions.Expect(page.GetByText("Requeued 1 dead letter.")).ToBeVisibleAsync();

        var requeued = await jobs.WaitUntilAsync(job.Id, j => j.Attempts.Count >= 3, RunTimeout, "the requeued job runs a third attempt");
        Assert.True(requeued.Attempts.Count >= 3);
        // It fails again and comes back: the page shows it again without a reload.
        await jobs.WaitUntilAsync(job.Id, j => j.State == JobState.DeadLettered, RunTimeout, "the job is dead-lettered again");
        await Assertions.Expect(row).ToBeVisibleAsync(new() { Timeout = (float)RunTimeout.TotalMilliseconds });
    }

    [Fact]
    public async Task SchedulePages_CreateFromTheFormThenTrigger_RunLinksToItsJob()
    {
        var (api, page, session) = await OpenSignedInAsync();
        await using var _ = session;
        var description = $"browser schedule {Guid.NewGuid():N}"[..28];

        await page.GotoAsync("/schedules/new");
        await WaitInteractiveAsync(page);
        // A bad cron is shown at the cron field.
        await Field(page, "Cron").FillAsync("not a cron");
        await Field(page, "Description").FillAsync(description);
        await Field(page, "Command (one argument per line)").FillAsync("sh\n-c\necho scheduled");
        await Fluent(page.Locator("body"), "Create schedule").ClickAsync();
        await Assertions.Expect(page.Locator(".schedule-form").GetByText(CronError()).First).ToBeVisibleAsync();
        await Screenshots.SaveAsync(page, "schedule-new");
        await Accessibility.AssertNoSeriousViolationsAsync(page);

        await Field(page, "Cron").FillAsync("0 3 * * *");
        await Fluent(page.Locator("body"), "Create schedule").ClickAsync();
        await page.WaitForURLAsync(ScheduleDetailUrl());
        var id = ScheduleDetailUrl().Match(page.Url).Groups["id"].Value;
        await WaitInteractiveAsync(page);
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Next occurrences" })).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator(".occurrences li")).ToHaveCountAsync(5);

        await Fluent(page.Locator("body"), "Trigger now").ClickAsync();
        var runs = page.Locator("#runs");
        await Assertions.Expect(runs).ToContainTextAsync("Manual");
        var link = runs.Locator("a[href^='/jobs/']").First;
        var jobId = (await link.TextContentAsync())!.Trim();
        await new JobsHttpClient(api).WaitForTerminalAsync(jobId, RunTimeout);
        await Assertions.Expect(runs).ToContainTextAsync("Succeeded", new() { Timeout = (float)RunTimeout.TotalMilliseconds });
        await Screenshots.SaveAsync(page, "schedule-detail");
        await Accessibility.AssertNoSeriousViolationsAsync(page);

        await link.ClickAsync();
        await page.WaitForURLAsync(url => Uri.UnescapeDataString(url).EndsWith($"/jobs/{jobId}", StringComparison.Ordinal));

        await page.GotoAsync("/schedules");
        await WaitInteractiveAsync(page);
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = id })).ToBeVisibleAsync();
        await Screenshots.SaveAsync(page, "schedules");
        await Accessibility.AssertNoSeriousViolationsAsync(page);
        (await api.DeleteAsync($"/api/v1/schedules/{id}")).Dispose();
    }

    [Fact]
    public async Task QueuesPage_PauseAndResume_ShowsDepthAndStatus()
    {
        var (api, page, session) = await OpenSignedInAsync();
        await using var _ = session;
        var queue = $"q-{Guid.NewGuid():N}"[..10];
        var jobs = new JobsHttpClient(api);
        var job = await jobs.SubmitAsync(new JobSpec { Image = "busybox:latest", Command = ["true"], Queue = queue });
        await jobs.WaitForTerminalAsync(job.Id, RunTimeout);

        await page.GotoAsync("/queues");
        await WaitInteractiveAsync(page);
        var row = page.Locator($"tr[data-queue='{queue}']");
        await Assertions.Expect(row).ToContainTextAsync("1 Succeeded");
        try
        {
            await row.GetByRole(AriaRole.Button, new() { Name = $"Pause queue {queue}" }).ClickAsync();
            await Fluent(page.GetByRole(AriaRole.Alertdialog), "Yes, pause it").ClickAsync();
            await Assertions.Expect(row).ToContainTextAsync("Paused");
            await row.GetByRole(AriaRole.Button, new() { Name = $"Resume queue {queue}" }).ClickAsync();
            await Assertions.Expect(row).ToContainTextAsync("Active");
        }
        finally
        {
            (await api.PostAsync($"/api/v1/queues/{queue}/resume", null)).Dispose();
        }

        await row.GetByRole(AriaRole.Button, new() { Name = $"Settings of queue {queue}" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = $"Settings of queue {queue}" })).ToBeVisibleAsync();
        await Screenshots.SaveAsync(page, "queues");
        await Accessibility.AssertNoSeriousViolationsAsync(page);

        // An admin saves new settings: the API stores them and the row shows the limit.
        await Field(page, "Settings (JSON)").FillAsync("""{ "concurrencyLimit": 2 }""");
        await Fluent(page.Locator("body"), "Save settings").ClickAsync();
        await Assertions.Expect(row).ToContainTextAsync("concurrency limit 2");
        var stored = await api.GetFromJsonAsync<QueueStatus>($"/api/v1/queues/{queue}", SchedulerCluster.Json);
        Assert.Equal(2, stored!.Settings.ConcurrencyLimit);
    }

    [Fact]
    public async Task WorkflowPage_CancelRunningWorkflow_StepsShowCancelled()
    {
        var (api, page, session) = await OpenSignedInAsync();
        await using var _ = session;
        var spec = new WorkflowSpec { Steps = [Step("wait", "sleep 60"), Step("after", "true", "wait")] };
        using var response = await api.PostAsJsonAsync("/api/v1/workflows", spec, SchedulerCluster.Json);
        var workflow = await SchedulerCluster.ReadAsync<WorkflowRecord>(response);

        await page.GotoAsync($"/workflows/{workflow.Id}");
        await WaitInteractiveAsync(page);
        await Assertions.Expect(Node(page, "wait")).ToHaveAttributeAsync("data-state", "Running", new() { Timeout = (float)RunTimeout.TotalMilliseconds });
        await Fluent(page.Locator("body"), "Cancel workflow").ClickAsync();
        await Fluent(page.GetByRole(AriaRole.Alertdialog), "Yes, cancel the workflow").ClickAsync();

        await Assertions.Expect(page.Locator(".status-line")).ToContainTextAsync("Cancelled");
        await Assertions.Expect(Node(page, "after")).Not.ToHaveAttributeAsync("data-state", "Pending", new() { Timeout = (float)RunTimeout.TotalMilliseconds });
        var record = await api.GetFromJsonAsync<WorkflowRecord>($"/api/v1/workflows/{workflow.Id}", SchedulerCluster.Json);
        Assert.Equal(WorkflowState.Cancelled, record!.State);
    }

    [Fact]
    public async Task OperatorPages_ReadOnlyKey_ShowNoActionButtons()
    {
        var host = await browser.EmbeddedApiAsync();
        using var admin = new HttpClient { BaseAddress = host.BaseAddress }.Authorize();
        using var created = await admin.PostAsJsonAsync("/api/v1/keys", new ApiKeyRequest { Name = "browser-read-only", Scopes = [ApiScopes.Read] }, SchedulerCluster.Json);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var key = await SchedulerCluster.ReadAsync<ApiKeyCreated>(created);
        await using var session = await browser.OpenAsync(host.BaseAddress);
        var page = session.Page;
        await UiSignIn.SignInAsync(page, key.Key);

        await page.GotoAsync("/workers");
        await WaitInteractiveAsync(page);
        await Assertions.Expect(page.Locator("table tbody tr").First).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { NameRegex = new Regex("^(Drain|Resume) worker") })).ToHaveCountAsync(0);

        await page.GotoAsync("/queues");
        await WaitInteractiveAsync(page);
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { NameRegex = new Regex("^(Pause|Resume|Settings of) queue") })).ToHaveCountAsync(0);

        await page.GotoAsync("/dead-letters");
        await WaitInteractiveAsync(page);
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { NameRegex = new Regex("^Requeue") })).ToHaveCountAsync(0);

        await page.GotoAsync("/schedules");
        await WaitInteractiveAsync(page);
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "New schedule" })).ToHaveCountAsync(0);
    }

    private async Task<(HttpClient Api, IPage Page, BrowserSession Session)> OpenSignedInAsync()
    {
        var host = await browser.EmbeddedApiAsync();
        var session = await browser.OpenAsync(host.BaseAddress);
        await UiSignIn.SignInAsync(session.Page, TestAuth.AdminKey);
        var api = new HttpClient { BaseAddress = host.BaseAddress }.Authorize();
        return (api, session.Page, session);
    }

    private static async Task WaitInteractiveAsync(IPage page) =>
        await Assertions.Expect(page.Locator("[data-interactive]")).ToBeAttachedAsync();

    // A Fluent UI button is a web component whose role lives in its element internals, which Playwright's role
    // engine does not read: it is found by its text.
    private static ILocator Fluent(ILocator scope, string text) =>
        scope.Locator("fluent-button", new() { HasTextRegex = new Regex($"^\\s*{Regex.Escape(text)}\\s*$") });

    private static ILocator Node(IPage page, string step) => page.Locator($"[data-step='{step}']");

    // A Fluent UI field is a web component: the text goes into the input inside its shadow root.
    private static ILocator Field(IPage page, string label) => page.GetByLabel(label, new() { Exact = true }).Locator("input, textarea");

    private static async Task<WorkerStatus> GetWorkerAsync(HttpClient api, string worker) =>
        (await api.GetFromJsonAsync<WorkerStatus>($"/api/v1/workers/{Uri.EscapeDataString(worker)}", SchedulerCluster.Json))!;

    private static WorkflowStepSpec Step(string name, string script, params string[] dependsOn) => new()
    {
        Name = name,
        Job = new JobSpec { Image = "busybox:latest", Command = ["sh", "-c", script] },
        DependsOn = dependsOn,
    };

    [GeneratedRegex("Expected 5 fields")]
    private static partial Regex CronError();

    [GeneratedRegex(@"/schedules/(?<id>[^/?#]+)$")]
    private static partial Regex ScheduleDetailUrl();
}
