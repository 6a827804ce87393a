using JobScheduler.Tests.Builds;
using JobScheduler.Tests.Infrastructure;
using Microsoft.Playwright;

namespace JobScheduler.Tests.Browser;

/// <summary>
/// The Submit page takes a Dockerfile URL instead of an image, and the job's page shows the build phase above the
/// container's output; against the real API process (embedded mode) with the outbound guard allowing a local server.
/// </summary>
[Collection(BrowserCollection.Name)]
[Trait("Category", "Browser")]
public sealed class UiBuildBrowserTests(BrowserFixture browser)
{
    private static readonly float LiveTimeout = (float)TimeSpan.FromSeconds(120).TotalMilliseconds;

    [Fact]
    public async Task Submit_DockerfileUrlFromTheForm_JobPageShowsTheBuildPhaseThenTheOutput()
    {
        await using var server = await BuildServer.StartAsync();
        var nonce = Guid.NewGuid().ToString("N");
        var url = server.Serve($"/ui/{nonce}/Dockerfile", $"FROM busybox:latest\nRUN echo 'built-in-the-ui {nonce}' > /opt.txt\n");
        await using var api = await EmbeddedApiProcess.StartAsync("api-build-browser", new Dictionary<string, string>
        {
            ["Scheduler__Outbound__AllowHttp"] = "true",
            ["Scheduler__Outbound__AllowLoopback"] = "true",
        });
        await using var session = await browser.OpenAsync(api.BaseAddress);
        var page = session.Page;
        await UiSignIn.SignInAsync(page, TestAuth.AdminKey);
        await UiFields.GotoInteractiveAsync(page, "/submit");

        await UiFields.Input(page, "Dockerfile URL (instead of an image)").FillAsync(url.ToString());
        await UiFields.Input(page, "Command (one argument per line)").FillAsync("cat\n/opt.txt");
        await UiFields.Button(page, "Submit").ClickAsync();

        await page.WaitForURLAsync(new System.Text.RegularExpressions.Regex("/jobs/[0-9a-f]+$"));
        await Assertions.Expect(page.Locator(".status-line")).ToContainTextAsync("Succeeded", new() { Timeout = LiveTimeout });
        await Assertions.Expect(page.Locator("pre[data-stream=build]")).ToContainTextAsync("[build] built jobscheduler-build:", new() { Timeout = LiveTimeout });
        await Assertions.Expect(page.Locator("pre[data-stream=stdout]")).ToContainTextAsync($"built-in-the-ui {nonce}", new() { Timeout = LiveTimeout });
        await Screenshots.SaveAsync(page, "ui-build-job");
        await Assertions.Expect(page.Locator("dd.mono", new() { HasText = url.ToString() })).ToBeVisibleAsync();
    }
}
