using JobScheduler.Grains.Interfaces;
using JobScheduler.Tests.Infrastructure;
using Microsoft.Playwright;

namespace JobScheduler.Tests.Browser;

/// <summary>
/// The web UI in cluster mode (Redis, two silos, API processes): a session signed in on one API process is valid on
/// another (their data protection keys are shared through Redis), and a job submitted there runs to the end, live.
/// </summary>
[Collection(BrowserCollection.Name)]
[Trait("Category", "Browser")]
public sealed class UiClusterBrowserTests(BrowserFixture browser, ClusterApiFixture cluster) : IClassFixture<ClusterApiFixture>
{
    private static readonly float LiveTimeout = (float)TimeSpan.FromSeconds(60).TotalMilliseconds;

    [Fact]
    public async Task Session_SignedInOnOneApiProcess_IsValidOnAnotherAndDrivesAJob()
    {
        await using var second = cluster.Cluster.NewApi("api-ui-second");
        await second.StartAsync(TimeSpan.FromSeconds(60));
        await using var session = await browser.OpenAsync(cluster.BaseAddress);
        var page = session.Page;
        await UiSignIn.SignInAsync(page, TestAuth.AdminKey);

        // Cookies belong to the host, not the port: the browser sends the session to the second process too, as it
        // would behind a load balancer.
        await UiFields.GotoInteractiveAsync(page, new Uri(second.BaseAddress, "/submit").ToString());
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Submit a job", Level = 1 })).ToBeVisibleAsync();
        await UiFields.Input(page, "Image").FillAsync("busybox:latest");
        await UiFields.Input(page, "Command (one argument per line)").FillAsync("sh\n-c\necho from-the-cluster");
        await UiFields.Button(page, "Submit").ClickAsync();

        await page.WaitForURLAsync(new System.Text.RegularExpressions.Regex("/jobs/[0-9a-f]+$"));
        await Assertions.Expect(page.Locator(".status-line")).ToContainTextAsync(nameof(JobState.Succeeded), new() { Timeout = LiveTimeout });
        await Assertions.Expect(page.Locator("pre[data-stream=stdout]")).ToContainTextAsync("from-the-cluster", new() { Timeout = LiveTimeout });

        await UiFields.GotoInteractiveAsync(page, new Uri(second.BaseAddress, "/").ToString());
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Overview", Level = 1 })).ToBeVisibleAsync();
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        await Screenshots.SaveAsync(page, "ui-overview-cluster");
        await Accessibility.AssertNoSeriousViolationsAsync(page);
    }
}
