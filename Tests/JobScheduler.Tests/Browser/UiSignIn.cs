using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace JobScheduler.Tests.Browser;

/// <summary>Signs in to the web UI as a person does: <c>/signin</c>, the "API key" field, the "Sign in" button.</summary>
public static partial class UiSignIn
{
    /// <summary>
    /// Opens <c>/signin</c>, types <paramref name="key"/> into the field labelled "API key", presses "Sign in" and waits
    /// until the UI has left the sign-in page (it redirects to <c>/</c> and sets the session cookie).
    /// </summary>
    public static async Task SignInAsync(IPage page, string key)
    {
        await page.GotoAsync("/signin");
        await page.GetByLabel("API key", new PageGetByLabelOptions { Exact = true }).FillAsync(key);
        await page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Sign in", Exact = true }).ClickAsync();
        // A refused key stays on /signin with its field error: fail with that rather than a bare timeout.
        var left = page.WaitForURLAsync(NotSignInPage());
        var refused = page.Locator("#api-key-error").WaitForAsync();
        _ = refused.ContinueWith(t => t.Exception, TaskContinuationOptions.OnlyOnFaulted);
        if (await Task.WhenAny(left, refused) == refused && !left.IsCompleted)
            throw new InvalidOperationException($"The UI refused the key: {await page.Locator("#api-key-error").InnerTextAsync()}");
        await left;
    }

    /// <summary>Presses the "Sign out" button and waits for the sign-in page.</summary>
    public static async Task SignOutAsync(IPage page)
    {
        await page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Sign out", Exact = true }).ClickAsync();
        await page.WaitForURLAsync(SignInPage());
    }

    [GeneratedRegex(@"^[^?#]*/signin(?:[?#].*)?$")]
    private static partial Regex SignInPage();

    [GeneratedRegex(@"^(?![^?#]*/signin(?:[?#]|$)).*$")]
    private static partial Regex NotSignInPage();
}
