using Microsoft.Playwright;

namespace JobScheduler.Tests.Browser;

/// <summary>What the browser tests read on the Orleans dashboard's page (a third-party single-page app).</summary>
public static class DashboardPage
{
    /// <summary>
    /// Rules the dashboard's own page (Microsoft.Orleans.Dashboard's bundled app, not ours to change) breaks at impact
    /// serious or critical; reported by the tests, not asserted. Everything else on it is held to axe. Seen with 10.4.2
    /// on the silo list: a <c>ul</c> with a role whose children do not fit it and <c>li</c> outside a list (its menu),
    /// low-contrast labels, no <c>lang</c> on <c>html</c>, chart images without alternative text.
    /// </summary>
    public static readonly string[] ThirdPartyAxeViolations = ["aria-required-children", "listitem", "color-contrast", "html-has-lang", "role-img-alt"];

    /// <summary>Opens the dashboard's silo list (<c>/dashboard/#/silos</c>), checking that the page itself answered 200.</summary>
    public static async Task OpenSilosAsync(IPage page)
    {
        var response = await page.GotoAsync("/dashboard");
        Assert.True(response is { Ok: true }, $"/dashboard answered {response?.Status}");
        await page.GotoAsync("/dashboard/#/silos");
    }

    /// <summary>
    /// The silos the page shows now: the distinct addresses (<c>address:port@generation</c>) its links to
    /// <c>#/host/…</c> name (a silo has more than one such link: table and grid).
    /// </summary>
    public static async Task<IReadOnlyList<string>> SiloAddressesAsync(IPage page)
    {
        var hrefs = await page.Locator("a[href^=\"#/host/\"]").EvaluateAllAsync<string[]>("links => links.map(l => l.getAttribute('href'))");
        return hrefs.Select(h => Uri.UnescapeDataString(h["#/host/".Length..])).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
    }

    /// <summary>Waits until the page shows exactly <paramref name="count"/> silos and returns their addresses.</summary>
    public static async Task<IReadOnlyList<string>> WaitForSilosAsync(IPage page, int count)
    {
        IReadOnlyList<string> shown = [];
        await Infrastructure.Eventually.Async(async () => (shown = await SiloAddressesAsync(page)).Count == count,
            BrowserFixture.ActionTimeout, () => $"the dashboard to show {count} silo(s); it shows [{string.Join(", ", shown)}]");
        return shown;
    }
}
