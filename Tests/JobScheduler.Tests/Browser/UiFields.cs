using Microsoft.Playwright;

namespace JobScheduler.Tests.Browser;

/// <summary>Finds the UI's Fluent form fields by their visible label, as a person does.</summary>
public static class UiFields
{
    /// <summary>The field (label, control and message) labelled exactly <paramref name="label"/>.</summary>
    public static ILocator Field(IPage page, string label) =>
        page.Locator("fluent-field").Filter(new LocatorFilterOptions
        {
            Has = page.Locator("label", new PageLocatorOptions { HasTextRegex = new System.Text.RegularExpressions.Regex($"^\\s*{System.Text.RegularExpressions.Regex.Escape(label)}\\s*\\*?\\s*$") }),
        });

    /// <summary>The text box of the field labelled <paramref name="label"/> (the input inside the Fluent web component).</summary>
    public static ILocator Input(IPage page, string label) => Field(page, label).Locator("input, textarea").First;
}
