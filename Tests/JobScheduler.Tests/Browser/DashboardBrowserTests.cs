using System.Collections.Concurrent;
using JobScheduler.Tests.Infrastructure;
using Xunit.Abstractions;

namespace JobScheduler.Tests.Browser;

/// <summary>The Orleans dashboard in chromium, served by the real API process in embedded mode (one co-hosted silo).</summary>
[Collection(BrowserCollection.Name)]
[Trait("Category", "Browser")]
public sealed class DashboardBrowserTests(BrowserFixture browser, ITestOutputHelper output)
{
    [Fact]
    public async Task Dashboard_Embedded_ShowsTheCoHostedSiloFromAssetsOfTheApiAlone()
    {
        var api = await browser.EmbeddedApiAsync();
        await using var session = await browser.OpenAsync(api.BaseAddress, TestAuth.AdminKey);
        var page = session.Page;
        var requested = new ConcurrentQueue<string>();
        page.Request += (_, request) => requested.Enqueue(request.Url);

        await DashboardPage.OpenSilosAsync(page);

        var silo = Assert.Single(await DashboardPage.WaitForSilosAsync(page, 1));
        Assert.StartsWith("127.0.0.1:", silo, StringComparison.Ordinal);
        await Screenshots.SaveAsync(page, "dashboard-embedded");
        Assert.All(requested, url => Assert.StartsWith(api.BaseAddress.ToString(), url, StringComparison.Ordinal));
        var known = await Accessibility.AssertNoSeriousViolationsAsync(page, thirdParty: DashboardPage.ThirdPartyAxeViolations);
        if (known.Count > 0)
            output.WriteLine(Accessibility.Describe(page.Url, known));
    }

    [Fact]
    public async Task Dashboard_FromTheUiNavSignedInAsAdmin_OpensWithTheSessionAlone()
    {
        var api = await browser.EmbeddedApiAsync();
        // No bearer header: the browser holds only the UI's session cookie.
        await using var session = await browser.OpenAsync(api.BaseAddress);
        var page = session.Page;
        await UiSignIn.SignInAsync(page, TestAuth.AdminKey);

        // The nav's link opens the dashboard in a new tab of the same browser context, which holds the session cookie.
        var opened = page.Context.WaitForPageAsync();
        await page.GetByRole(Microsoft.Playwright.AriaRole.Link, new() { Name = "Orleans dashboard" }).ClickAsync();
        var dashboard = await opened;
        await dashboard.WaitForURLAsync(new System.Text.RegularExpressions.Regex("/dashboard"));
        await dashboard.GotoAsync("/dashboard/#/silos");

        Assert.Single(await DashboardPage.WaitForSilosAsync(dashboard, 1));
    }

    [Fact]
    public async Task Dashboard_InABrowserWithoutAKey_Answers401()
    {
        var api = await browser.EmbeddedApiAsync();
        await using var session = await browser.OpenAsync(api.BaseAddress);

        var response = await session.Page.GotoAsync("/dashboard");

        Assert.Equal(401, response?.Status);
    }
}
