using Microsoft.Playwright;
using Xunit.Abstractions;

namespace JobScheduler.Tests.Browser;

/// <summary>The API reference at <c>/docs</c> in a real browser, served by the real API process.</summary>
[Collection(BrowserCollection.Name)]
[Trait("Category", "Browser")]
public sealed class DocsPageBrowserTests(BrowserFixture browser, ITestOutputHelper output)
{
    // Scalar's bundled reference page (Scalar.AspNetCore) writes <html> without lang and colours some labels below
    // 4.5:1; its markup and styles are not ours to change. Everything else on the page is held to axe.
    private static readonly string[] ScalarKnownViolations = ["html-has-lang", "color-contrast"];

    [Fact]
    public async Task Docs_InChromium_RendersTheOperationsOfTheApi()
    {
        var api = await browser.EmbeddedApiAsync();
        await using var session = await browser.OpenAsync(api.BaseAddress);
        var page = session.Page;

        var response = await page.GotoAsync("/docs");
        Assert.True(response is { Ok: true }, $"/docs answered {response?.Status}");
        // The reference renders client-side from /openapi/v1.json: an operation of ours appearing proves it loaded.
        await Assertions.Expect(page.GetByText("JobScheduler API").First).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Test Request (get /api/v1/keys)" })).ToBeAttachedAsync();

        await Screenshots.SaveAsync(page, "docs");
        var known = await Accessibility.AssertNoSeriousViolationsAsync(page, thirdParty: ScalarKnownViolations);
        if (known.Count > 0)
            output.WriteLine(Accessibility.Describe(page.Url, known));
    }
}
