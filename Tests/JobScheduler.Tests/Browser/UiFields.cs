using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace JobScheduler.Tests.Browser;

/// <summary>
/// Finds the UI's Fluent controls by their visible text. Fluent UI's web components keep their native control in an
/// open shadow root (which Playwright's role queries pierce) and take their button role from ElementInternals (which
/// they do not see), so buttons are found by element and text.
/// </summary>
public static class UiFields
{
    /// <summary>The field (label, control and message) labelled exactly <paramref name="label"/>.</summary>
    public static ILocator Field(IPage page, string label) =>
        page.Locator("fluent-field").Filter(new LocatorFilterOptions
        {
            Has = page.Locator("label[slot=label]", new PageLocatorOptions { HasTextRegex = Exactly(label) }),
        });

    /// <summary>The text box (input or textarea) named <paramref name="label"/>.</summary>
    public static ILocator Input(IPage page, string label) =>
        page.GetByRole(AriaRole.Textbox, new PageGetByRoleOptions { Name = label }).First;

    /// <summary>The Fluent button whose text is exactly <paramref name="text"/>.</summary>
    public static ILocator Button(IPage page, string text) =>
        page.Locator("fluent-button", new PageLocatorOptions { HasTextRegex = Exactly(text) }).First;

    /// <summary>
    /// Opens <paramref name="path"/> and waits until its circuit is up (the page's <c>LiveMarker</c>): a click on a
    /// prerendered page before Blazor has started is lost, which made a slow first page under load fail its test.
    /// </summary>
    public static async Task GotoInteractiveAsync(IPage page, string path)
    {
        await page.GotoAsync(path);
        await Assertions.Expect(page.Locator("[data-interactive]")).ToBeAttachedAsync();
    }

    private static Regex Exactly(string text) => new($"^\\s*{Regex.Escape(text)}\\s*$");
}
