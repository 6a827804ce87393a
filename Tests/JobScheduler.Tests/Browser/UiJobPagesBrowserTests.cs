using System.Net.Http.Json;
using Docker.DotNet;
using JobScheduler.Grains.Interfaces;
using JobScheduler.Tests.Faults;
using JobScheduler.Tests.Infrastructure;
using Microsoft.Playwright;

namespace JobScheduler.Tests.Browser;

/// <summary>
/// The UI's Overview, Jobs, Job detail and Submit pages in chromium, against the real API process (embedded mode):
/// sign in, submit from the form and watch the job finish live, a refused field, cancel from the job's page, axe and
/// a screenshot of each page.
/// </summary>
[Collection(BrowserCollection.Name)]
[Trait("Category", "Browser")]
public sealed class UiJobPagesBrowserTests(BrowserFixture browser)
{
    private const string Image = "busybox:latest";
    private static readonly TimeSpan RunTimeout = TimeSpan.FromSeconds(60);
    private static readonly float LiveTimeout = (float)RunTimeout.TotalMilliseconds;

    [Fact]
    public async Task SignIn_WithTheAdminKey_ShowsTheOverviewWithThePrincipal()
    {
        await using var session = await SignedInAsync();
        var page = session.Page;

        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/$"));
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Overview", Level = 1 })).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator(".app-principal")).ToContainTextAsync("bootstrap");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Throughput, last hour" })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Navigation, new() { Name = "Main" }).GetByText("Orleans dashboard")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task Submit_FromTheForm_JobReachesSucceededWithItsLogsWithoutReload()
    {
        await using var session = await SignedInAsync();
        var page = session.Page;
        await UiFields.GotoInteractiveAsync(page, "/submit");

        await UiFields.Input(page, "Image").FillAsync(Image);
        await UiFields.Input(page, "Command (one argument per line)").FillAsync("sh\n-c\nsleep 2; echo hello-from-the-ui");
        await UiFields.Button(page, "Submit").ClickAsync();

        await page.WaitForURLAsync(new System.Text.RegularExpressions.Regex("/jobs/[0-9a-f]+$"));
        // A reload would clear this mark: the page must change by itself, from the event stream.
        await page.EvaluateAsync("() => window.__sameDocument = true");
        await Assertions.Expect(page.Locator(".status-line")).ToContainTextAsync("Succeeded", new() { Timeout = LiveTimeout });
        await Assertions.Expect(page.Locator("pre[data-stream=stdout]")).ToContainTextAsync("hello-from-the-ui", new() { Timeout = LiveTimeout });
        Assert.True(await page.EvaluateAsync<bool>("() => window.__sameDocument === true"), "the job page was reloaded");
    }

    [Fact]
    public async Task JobPage_JobLeavingSettingsOut_ShowsItsEffectiveSettings()
    {
        var api = await browser.EmbeddedApiAsync();
        using var http = new HttpClient { BaseAddress = api.BaseAddress }.Authorize();
        var jobs = new JobsHttpClient(http);
        var job = await jobs.SubmitAsync(new JobSpec { Image = Image, Command = ["true"], RunAt = DateTimeOffset.UtcNow.AddHours(1) });
        await using var session = await SignedInAsync();
        var page = session.Page;

        await UiFields.GotoInteractiveAsync(page, $"/jobs/{job.Id}");

        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Effective settings", Level = 2 })).ToBeVisibleAsync();
        var effective = page.Locator("dl[data-effective]");
        await Assertions.Expect(effective).ToContainTextAsync("512 MiB");
        await Assertions.Expect(effective).ToContainTextAsync("65534:65534");
        await Assertions.Expect(effective).ToContainTextAsync("read-only");
        await jobs.CancelAsync(job.Id);
    }

    [Fact]
    public async Task JobPage_RunningJob_FollowsItsOutputLiveToTheEnd()
    {
        var api = await browser.EmbeddedApiAsync();
        using var http = new HttpClient { BaseAddress = api.BaseAddress }.Authorize();
        var jobs = new JobsHttpClient(http);
        // The job ticks until the test tells it to end (a file in its /tmp), so it is still running however long the
        // browser takes to open the page; the two-minute cap only ends it if the test itself fails first.
        var job = await jobs.SubmitAsync(new JobSpec
        {
            Image = Image,
            Command = ["sh", "-c", ContainerFiles.WaitFor("/tmp/end", eachSecond: "echo tick-$i") + "; echo the-end"],
        });
        var running = await jobs.WaitUntilAsync(job.Id, j => j.CurrentAttempt?.ContainerId is not null, RunTimeout, "to have a running container");
        await using var session = await SignedInAsync();
        var page = session.Page;

        await UiFields.GotoInteractiveAsync(page, $"/jobs/{job.Id}");

        // A line written while the job still runs appears on the page, then the last one and the end.
        await Assertions.Expect(page.Locator("pre[data-stream=stdout]")).ToContainTextAsync("tick-2", new() { Timeout = LiveTimeout });
        await Assertions.Expect(page.Locator(".status-line")).ToContainTextAsync("Running");
        await ContainerFiles.TouchAsync(running.CurrentAttempt!.ContainerId!, "/tmp/end", RunTimeout);
        await Assertions.Expect(page.Locator("pre[data-stream=stdout]")).ToContainTextAsync("the-end", new() { Timeout = LiveTimeout });
        await Assertions.Expect(page.Locator(".status-line")).ToContainTextAsync("Succeeded", new() { Timeout = LiveTimeout });
    }

    [Fact]
    public async Task Submit_WithAFieldTheApiRefuses_ShowsTheErrorAtThatField()
    {
        await using var session = await SignedInAsync();
        var page = session.Page;
        await UiFields.GotoInteractiveAsync(page, "/submit");

        await UiFields.Input(page, "Image").FillAsync(Image);
        await UiFields.Input(page, "CPUs").FillAsync("-1");
        await UiFields.Button(page, "Submit").ClickAsync();

        // The API names resources.cpus; the page shows its message in the CPUs field, and stays on the form.
        await Assertions.Expect(UiFields.Field(page, "CPUs")).ToContainTextAsync("CPUs must be at least");
        await Assertions.Expect(UiFields.Field(page, "Image")).Not.ToContainTextAsync("CPUs must be");
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/submit$"));
        await Screenshots.SaveAsync(page, "ui-submit-error");
        await Accessibility.AssertNoSeriousViolationsAsync(page);
    }

    [Fact]
    public async Task Cancel_RunningJobFromItsPage_JobCancelledAndContainerGone()
    {
        var api = await browser.EmbeddedApiAsync();
        using var http = new HttpClient { BaseAddress = api.BaseAddress }.Authorize();
        var jobs = new JobsHttpClient(http);
        var job = await jobs.SubmitAsync(new JobSpec { Image = Image, Command = ["sleep", "600"] });
        var running = await jobs.WaitUntilAsync(job.Id, j => j.CurrentAttempt?.ContainerId is not null, RunTimeout, "to have a running container");
        var containerId = running.CurrentAttempt!.ContainerId!;
        using var docker = new DockerClientConfiguration().CreateClient();
        var containers = new JobContainers(docker);
        await using var session = await SignedInAsync();
        var page = session.Page;

        await UiFields.GotoInteractiveAsync(page, $"/jobs/{job.Id}");
        await Assertions.Expect(page.Locator(".status-line")).ToContainTextAsync("Running");
        await UiFields.Button(page, "Cancel job").ClickAsync();
        await UiFields.Button(page, "Yes, cancel the job").ClickAsync();

        await Assertions.Expect(page.Locator(".status-line")).ToContainTextAsync("Cancelled", new() { Timeout = LiveTimeout });
        await Eventually.Async(async () => !await containers.ExistsAsync(containerId), TimeSpan.FromSeconds(10), $"container {containerId} to be removed");
        Assert.Equal(JobState.Cancelled, (await jobs.GetAsync(job.Id)).State);
    }

    [Fact]
    public async Task JobPages_EachPage_PassesAxeAndIsScreenshotted()
    {
        var api = await browser.EmbeddedApiAsync();
        using var http = new HttpClient { BaseAddress = api.BaseAddress }.Authorize();
        var jobs = new JobsHttpClient(http);
        var done = await jobs.SubmitAsync(new JobSpec { Image = Image, Command = ["sh", "-c", "echo one; echo two >&2"], Labels = new Dictionary<string, string> { ["team"] = "ui" } });
        await jobs.WaitForTerminalAsync(done.Id, RunTimeout);

        await using (var anonymous = await browser.OpenAsync(api.BaseAddress))
        {
            await anonymous.Page.GotoAsync("/signin");
            await Screenshots.SaveAsync(anonymous.Page, "ui-signin");
            await Accessibility.AssertNoSeriousViolationsAsync(anonymous.Page);
        }

        await using var session = await SignedInAsync();
        var page = session.Page;
        foreach (var (path, name, heading) in new[]
        {
            ("/", "ui-overview", "Overview"),
            ("/jobs", "ui-jobs", "Jobs"),
            ($"/jobs/{done.Id}", "ui-job-detail", $"Job {done.Id}"),
            ("/submit", "ui-submit", "Submit a job"),
        })
        {
            await UiFields.GotoInteractiveAsync(page, path);
            await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = heading, Level = 1 })).ToBeVisibleAsync();
            // Interactive: the circuit is up once Blazor has started and the page has rendered its data.
            await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
            await Screenshots.SaveAsync(page, name);
            await Accessibility.AssertNoSeriousViolationsAsync(page);
        }
    }

    private async Task<BrowserSession> SignedInAsync()
    {
        var api = await browser.EmbeddedApiAsync();
        var session = await browser.OpenAsync(api.BaseAddress);
        await UiSignIn.SignInAsync(session.Page, TestAuth.AdminKey);
        return session;
    }
}
