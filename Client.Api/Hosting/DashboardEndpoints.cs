using JobScheduler.Client.Api.Security;
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
    /// every grain type, grain state and the process's log. Left out of the OpenAPI document: it is a page, not the API.
    /// </summary>
    public static RouteGroupBuilder MapSchedulerDashboard(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapOrleansDashboard(RoutePrefix).RequireScope(ApiScopes.Admin).ExcludeFromDescription();
}
