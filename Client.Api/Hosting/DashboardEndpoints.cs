using JobScheduler.Client.Api.Security;
using JobScheduler.Client.Api.Ui.Services;
using JobScheduler.Grains.Interfaces;
using Orleans.Dashboard;

namespace JobScheduler.Client.Api.Hosting;

/// <summary>The Orleans dashboard (Microsoft.Orleans.Dashboard) on the API's port, for administrators.</summary>
public static class DashboardEndpoints
{
    /// <summary>Where the dashboard is served: <c>/dashboard/</c> (<c>/dashboard</c> redirects there).</summary>
    public const string RoutePrefix = "/dashboard";

    /// <summary>
    /// Maps the dashboard's page, its assets (shipped inside the package, nothing from a CDN) and its JSON and
    /// live-log endpoints under <see cref="RoutePrefix"/>, every one behind the <c>admin</c> scope: it shows every silo,
    /// every grain type, grain state and the process's log. A browser signed in to the web UI with an admin key opens it
    /// with its session cookie; anything else sends the key as a bearer. Left out of the OpenAPI document: it is a page,
    /// not the API.
    /// </summary>
    /// <remarks>
    /// The session scheme comes first: without credentials the bearer scheme's challenge, 401 with
    /// <c>WWW-Authenticate: Bearer</c>, is the one that stands, as on every other protected route.
    /// </remarks>
    public static RouteGroupBuilder MapSchedulerDashboard(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapOrleansDashboard(RoutePrefix)
            .RequireAuthorization(policy => policy
                .AddAuthenticationSchemes(UiAuthentication.Scheme, SecurityExtensions.SchemeName)
                .RequireAuthenticatedUser()
                .RequireAssertion(context => SchedulerPrincipal.From(context.User).Has(ApiScopes.Admin)))
            .ExcludeFromDescription();
}
