using System.Text;
using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace JobScheduler.Tests.Browser;

/// <summary>Runs axe-core (shipped in Deque.AxeCore.Playwright, injected into the page, nothing fetched) on a page.</summary>
public static class Accessibility
{
    private static readonly HashSet<string> Blocking = new(StringComparer.OrdinalIgnoreCase) { "serious", "critical" };

    /// <summary>
    /// The violations of impact serious or critical on the page as it is now, optionally only inside the elements that
    /// <paramref name="include"/> selects (a CSS selector).
    /// </summary>
    public static async Task<IReadOnlyList<AxeResultItem>> SeriousViolationsAsync(IPage page, string? include = null)
    {
        // Details of passing and incomplete checks are not needed: asking for violations only keeps a run fast on big pages.
        var options = new AxeRunOptions { ResultTypes = [ResultType.Violations] };
        var result = include is null
            ? await page.RunAxe(options)
            : await page.RunAxe(new AxeRunContext { Include = [new AxeSelector(include)] }, options);
        return result.Violations.Where(v => v.Impact is not null && Blocking.Contains(v.Impact)).ToArray();
    }

    /// <summary>
    /// Fails, listing every one (id, impact, help, targets), when the page has violations of impact serious or critical;
    /// <paramref name="include"/> limits the check to the elements a CSS selector picks (our part of a page).
    /// </summary>
    /// <param name="page">The page, as it is now.</param>
    /// <param name="include">A CSS selector, or null for the whole page.</param>
    /// <param name="thirdParty">
    /// Rule ids that a third-party page we serve but do not author is known to break and we cannot fix; they are left
    /// out of the assertion and returned, so that the test can report them. Never for our own pages.
    /// </param>
    /// <returns>The violations left out because of <paramref name="thirdParty"/>.</returns>
    public static async Task<IReadOnlyList<AxeResultItem>> AssertNoSeriousViolationsAsync(IPage page, string? include = null, IReadOnlyCollection<string>? thirdParty = null)
    {
        var violations = await SeriousViolationsAsync(page, include);
        var known = violations.Where(v => thirdParty?.Contains(v.Id) == true).ToArray();
        var blocking = violations.Except(known).ToArray();
        Assert.True(blocking.Length == 0, Describe(page.Url, blocking));
        return known;
    }

    /// <summary>One line per violation and one per element it names: id, impact, help, target selectors.</summary>
    public static string Describe(string url, IEnumerable<AxeResultItem> violations)
    {
        var text = new StringBuilder($"axe found serious or critical violations on {url}:");
        foreach (var violation in violations)
        {
            text.AppendLine().Append($"- {violation.Id} ({violation.Impact}): {violation.Help} [{violation.HelpUrl}]");
            foreach (var node in violation.Nodes ?? [])
                text.AppendLine().Append($"    at {node.Target}");
        }
        return text.ToString();
    }
}
