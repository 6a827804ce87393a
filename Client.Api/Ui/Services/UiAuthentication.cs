using System.Security.Claims;
using JobScheduler.Client.Api.Security;

namespace JobScheduler.Client.Api.Ui.Services;

/// <summary>
/// The names of the UI's cookie session: its scheme, cookie, policy, and the claim that carries the signed-in key
/// inside the encrypted ticket (never rendered, never in browser storage).
/// </summary>
public static class UiAuthentication
{
    /// <summary>The cookie authentication scheme; it authenticates the UI's pages and its Blazor hub only, never <c>/api/v1/*</c>.</summary>
    public const string Scheme = "JobScheduler.Ui";

    /// <summary>The session cookie's name.</summary>
    public const string CookieName = "JobScheduler.Session";

    /// <summary>The authorization policy of the UI's routes: a principal signed in through the cookie.</summary>
    public const string Policy = "ui";

    /// <summary>The sign-in page.</summary>
    public const string SignInPath = "/signin";

    /// <summary>The page shown when the session's key lacks the scope a page needs.</summary>
    public const string AccessDeniedPath = "/access-denied";

    /// <summary>The sign-out endpoint (POST, with an antiforgery token).</summary>
    public const string SignOutPath = "/signout";

    /// <summary>The claim holding the API key the session calls the API with; absent in open mode.</summary>
    internal const string KeyClaim = "jobscheduler:ui-key";

    /// <summary>The key the principal signed in with, or null (open mode).</summary>
    internal static string? KeyOf(ClaimsPrincipal user) => user.FindFirst(KeyClaim)?.Value;

    /// <summary>The session principal: the API's own claims (actor, scopes, queues) plus the key.</summary>
    internal static ClaimsPrincipal Principal(string actor, IEnumerable<string> scopes, IEnumerable<string>? queues, string? key)
    {
        var identity = SchedulerPrincipal.Identity(actor, scopes, queues, Scheme);
        if (key is not null)
            identity.AddClaim(new Claim(KeyClaim, key));
        return new ClaimsPrincipal(identity);
    }
}
