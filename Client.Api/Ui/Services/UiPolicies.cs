using System.Security.Claims;
using JobScheduler.Client.Api.Security;
using JobScheduler.Grains.Interfaces;
using Microsoft.AspNetCore.Authorization;

namespace JobScheduler.Client.Api.Ui.Services;

/// <summary>
/// The UI's authorization policies: a signed-in session (cookie scheme only), and one per scope for pages that need
/// it (<c>[Authorize(Policy = UiPolicies.Submit)]</c>). Buttons use <see cref="Has"/>; the API checks every call anyway.
/// </summary>
public static class UiPolicies
{
    /// <summary>A session holding the submit scope.</summary>
    public const string Submit = "ui:" + ApiScopes.Submit;

    /// <summary>A session holding the operate scope.</summary>
    public const string Operate = "ui:" + ApiScopes.Operate;

    /// <summary>A session holding the admin scope.</summary>
    public const string Admin = "ui:" + ApiScopes.Admin;

    /// <summary>A session holding the read scope.</summary>
    public const string Read = "ui:" + ApiScopes.Read;

    /// <summary>Whether <paramref name="user"/> holds <paramref name="scope"/> (admin holds every scope).</summary>
    public static bool Has(ClaimsPrincipal user, string scope) =>
        user.Identity?.IsAuthenticated == true && SchedulerPrincipal.From(user).Has(scope);

    /// <summary>Adds the session policy and one policy per scope, all on the cookie scheme.</summary>
    internal static AuthorizationBuilder AddUiPolicies(this AuthorizationBuilder authorization)
    {
        authorization.AddPolicy(UiAuthentication.Policy, policy => policy
            .AddAuthenticationSchemes(UiAuthentication.Scheme)
            .RequireAuthenticatedUser());
        foreach (var scope in ApiScopes.All)
        {
            authorization.AddPolicy("ui:" + scope, policy => policy
                .AddAuthenticationSchemes(UiAuthentication.Scheme)
                .RequireAuthenticatedUser()
                .RequireAssertion(context => Has(context.User, scope)));
        }

        return authorization;
    }
}
