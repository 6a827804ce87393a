using System.Net;
using JobScheduler.Client.Api.Security;
using JobScheduler.Grains.Interfaces;
using JobScheduler.Tests.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace JobScheduler.Tests.Security;

/// <summary>
/// Every endpoint of the API against every scope and against no credentials: 401 without a principal, 403 without
/// the endpoint's scope, and through to the endpoint (any other status) with it or with admin. Responses are read to
/// their headers only, so that a stream (the dashboard's live log) answers its status without being read to the end.
/// </summary>
[Collection(EmbeddedApiCollection.Name)]
public sealed class AccessMatrixTests(EmbeddedApiFixture api)
{
    /// <summary>
    /// Every protected endpoint: method, route pattern, a concrete path, and the scope it needs (null: any principal).
    /// Requests read only the headers, so a stream (events, log follow) is judged by its status and then dropped.
    /// </summary>
    public static readonly (string Method, string Pattern, string Path, string? Scope)[] Endpoints =
    [
        ("GET", "/metrics", "/metrics", ApiScopes.Metrics),
        ("POST", "/api/v1/jobs/", "/api/v1/jobs", ApiScopes.Submit),
        ("GET", "/api/v1/jobs/", "/api/v1/jobs", ApiScopes.Read),
        ("GET", "/api/v1/jobs/{id}", "/api/v1/jobs/matrix-none", ApiScopes.Read),
        ("GET", "/api/v1/jobs/{id}/logs", "/api/v1/jobs/matrix-none/logs", ApiScopes.Read),
        ("GET", "/api/v1/jobs/{id}/logs", "/api/v1/jobs/matrix-none/logs?follow=true", ApiScopes.Read),
        ("POST", "/api/v1/jobs/{id}/cancel", "/api/v1/jobs/matrix-none/cancel", ApiScopes.Operate),
        ("POST", "/api/v1/jobs/{id}/requeue", "/api/v1/jobs/matrix-none/requeue", ApiScopes.Operate),
        ("GET", "/api/v1/dead-letters/", "/api/v1/dead-letters", ApiScopes.Read),
        ("DELETE", "/api/v1/dead-letters/{id}", "/api/v1/dead-letters/matrix-none", ApiScopes.Operate),
        ("POST", "/api/v1/dead-letters/requeue", "/api/v1/dead-letters/requeue?queue=matrix-none", ApiScopes.Operate),
        ("GET", "/api/v1/queues/", "/api/v1/queues", ApiScopes.Read),
        ("GET", "/api/v1/queues/{name}", "/api/v1/queues/matrix-none", ApiScopes.Read),
        ("PUT", "/api/v1/queues/{name}", "/api/v1/queues/matrix-none", ApiScopes.Admin),
        ("POST", "/api/v1/queues/{name}/pause", "/api/v1/queues/matrix-paused/pause", ApiScopes.Operate),
        ("POST", "/api/v1/queues/{name}/resume", "/api/v1/queues/matrix-paused/resume", ApiScopes.Operate),
        ("GET", "/api/v1/workers/", "/api/v1/workers", ApiScopes.Read),
        ("GET", "/api/v1/workers/{id}", "/api/v1/workers/matrix-none", ApiScopes.Read),
        ("POST", "/api/v1/workers/{id}/drain", "/api/v1/workers/matrix-none/drain", ApiScopes.Operate),
        ("POST", "/api/v1/workers/{id}/resume", "/api/v1/workers/matrix-none/resume", ApiScopes.Operate),
        ("POST", "/api/v1/workflows/", "/api/v1/workflows", ApiScopes.Submit),
        ("GET", "/api/v1/workflows/", "/api/v1/workflows", ApiScopes.Read),
        ("GET", "/api/v1/workflows/{id}", "/api/v1/workflows/matrix-none", ApiScopes.Read),
        ("POST", "/api/v1/workflows/{id}/cancel", "/api/v1/workflows/matrix-none/cancel", ApiScopes.Operate),
        ("POST", "/api/v1/schedules/", "/api/v1/schedules", ApiScopes.Submit),
        ("GET", "/api/v1/schedules/", "/api/v1/schedules", ApiScopes.Read),
        ("GET", "/api/v1/schedules/{id}", "/api/v1/schedules/matrix-none", ApiScopes.Read),
        ("PUT", "/api/v1/schedules/{id}", "/api/v1/schedules/matrix-none", ApiScopes.Submit),
        ("DELETE", "/api/v1/schedules/{id}", "/api/v1/schedules/matrix-none", ApiScopes.Operate),
        ("POST", "/api/v1/schedules/{id}/pause", "/api/v1/schedules/matrix-none/pause", ApiScopes.Operate),
        ("POST", "/api/v1/schedules/{id}/resume", "/api/v1/schedules/matrix-none/resume", ApiScopes.Operate),
        ("POST", "/api/v1/schedules/{id}/trigger", "/api/v1/schedules/matrix-none/trigger", ApiScopes.Operate),
        ("GET", "/api/v1/schedules/{id}/runs", "/api/v1/schedules/matrix-none/runs", ApiScopes.Read),
        ("POST", "/api/v1/keys/", "/api/v1/keys", ApiScopes.Admin),
        ("GET", "/api/v1/keys/", "/api/v1/keys", ApiScopes.Admin),
        ("DELETE", "/api/v1/keys/{id}", "/api/v1/keys/0000000000000000", ApiScopes.Admin),
        ("GET", "/api/v1/events", "/api/v1/events?jobId=matrix-none", ApiScopes.Read),
        // The Orleans dashboard: page, shipped assets, JSON and the live log, all for admins only.
        ("GET", "/dashboard/", "/dashboard/", ApiScopes.Admin),
        ("GET", "/dashboard/index.html", "/dashboard/index.html", ApiScopes.Admin),
        ("GET", "/dashboard/favicon.ico", "/dashboard/favicon.ico", ApiScopes.Admin),
        ("GET", "/dashboard/index.min.js", "/dashboard/index.min.js", ApiScopes.Admin),
        ("GET", "/dashboard/index.css", "/dashboard/index.css", ApiScopes.Admin),
        ("GET", "/dashboard/fonts/{**path}", "/dashboard/fonts/fa-solid-900.woff2", ApiScopes.Admin),
        ("GET", "/dashboard/img/{**path}", "/dashboard/img/OrleansLogo.png", ApiScopes.Admin),
        ("GET", "/dashboard/version", "/dashboard/version", ApiScopes.Admin),
        ("GET", "/dashboard/DashboardCounters", "/dashboard/DashboardCounters", ApiScopes.Admin),
        ("GET", "/dashboard/ClusterStats", "/dashboard/ClusterStats", ApiScopes.Admin),
        ("GET", "/dashboard/Reminders", "/dashboard/Reminders", ApiScopes.Admin),
        ("GET", "/dashboard/Reminders/{page:int}", "/dashboard/Reminders/1", ApiScopes.Admin),
        ("GET", "/dashboard/HistoricalStats/{*path}", "/dashboard/HistoricalStats/matrix-none", ApiScopes.Admin),
        ("GET", "/dashboard/SiloProperties/{*address}", "/dashboard/SiloProperties/matrix-none", ApiScopes.Admin),
        ("GET", "/dashboard/SiloMetadata/{*address}", "/dashboard/SiloMetadata/matrix-none", ApiScopes.Admin),
        ("GET", "/dashboard/SiloStats/{*address}", "/dashboard/SiloStats/matrix-none", ApiScopes.Admin),
        ("GET", "/dashboard/SiloCounters/{*address}", "/dashboard/SiloCounters/matrix-none", ApiScopes.Admin),
        ("GET", "/dashboard/GrainStats/{*grainName}", "/dashboard/GrainStats/matrix-none", ApiScopes.Admin),
        ("GET", "/dashboard/TopGrainMethods", "/dashboard/TopGrainMethods", ApiScopes.Admin),
        ("GET", "/dashboard/GrainState", "/dashboard/GrainState?grainId=matrix-none&grainType=matrix-none", ApiScopes.Admin),
        ("GET", "/dashboard/LifecycleStages", "/dashboard/LifecycleStages", ApiScopes.Admin),
        ("GET", "/dashboard/GrainTypes", "/dashboard/GrainTypes", ApiScopes.Admin),
        // A stream (the process's log): only its status line is read.
        ("GET", "/dashboard/Trace", "/dashboard/Trace", ApiScopes.Admin),
        ("POST", "/api/v1/webhooks/", "/api/v1/webhooks", ApiScopes.Operate),
        ("GET", "/api/v1/webhooks/", "/api/v1/webhooks", ApiScopes.Operate),
        ("GET", "/api/v1/webhooks/{id}", "/api/v1/webhooks/wh_matrixnone", ApiScopes.Operate),
        ("DELETE", "/api/v1/webhooks/{id}", "/api/v1/webhooks/wh_matrixnone", ApiScopes.Operate),
        ("GET", "/api/v1/webhooks/{id}/deliveries", "/api/v1/webhooks/wh_matrixnone/deliveries", ApiScopes.Operate),
        ("POST", "/api/v1/webhooks/{id}/deliveries/{deliveryId}/resend", "/api/v1/webhooks/wh_matrixnone/deliveries/x/resend", ApiScopes.Operate),
    ];

    /// <summary>Whether <paramref name="endpoint"/> belongs to the web UI (a page, its Blazor hub, sign-out): authorized by the UI's cookie policies.</summary>
    public static bool IsUiEndpoint(RouteEndpoint endpoint) =>
        endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>().Any(a =>
            a.Policy is { } policy && (policy == JobScheduler.Client.Api.Ui.Services.UiAuthentication.Policy || policy.StartsWith("ui:", StringComparison.Ordinal)))
        || endpoint.Metadata.GetMetadata<Microsoft.AspNetCore.Components.Endpoints.ComponentTypeMetadata>() is not null
        // MapStaticAssets' development-only fallback for files added after the build (the UI's assets are mapped, open, by name).
        || endpoint.RoutePattern.RawText == "{**path:file}";

    [Fact]
    public void Matrix_CoversEveryProtectedEndpointOfTheApi()
    {
        var mapped = api.Factory.Services.GetServices<EndpointDataSource>()
            .SelectMany(source => source.Endpoints).OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<IAllowAnonymous>() is null)
            // The web UI's pages, hub and sign-out take the cookie session, never a bearer key: UiSessionTests covers them.
            .Where(e => !IsUiEndpoint(e))
            // Health checks answer any method: they are called with GET.
            .SelectMany(e => (e.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.HttpMethodMetadata>()?.HttpMethods ?? ["GET"])
                .Select(method => $"{method} {Normalize(e.RoutePattern.RawText)}"))
            .ToHashSet(StringComparer.Ordinal);
        var covered = Endpoints.Select(e => $"{e.Method} {Normalize(e.Pattern)}").ToHashSet(StringComparer.Ordinal);

        Assert.True(!mapped.Except(covered).Any(), "not in the matrix: " + string.Join(", ", mapped.Except(covered)));
        Assert.Empty(covered.Except(mapped));
    }

    [Fact]
    public async Task EveryEndpoint_WithoutCredentials_Answers401WithAProblem()
    {
        using var anonymous = api.CreateAnonymousClient();
        foreach (var endpoint in Endpoints)
        {
            using var response = await anonymous.SendAsync(new HttpRequestMessage(new HttpMethod(endpoint.Method), endpoint.Path), HttpCompletionOption.ResponseHeadersRead);
            Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{endpoint.Method} {endpoint.Path} answered {(int)response.StatusCode} without credentials");
            Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
        }
    }

    [Fact]
    public async Task EveryEndpoint_WithAnUnknownOrMalformedKey_Answers401()
    {
        foreach (var key in new[] { "jsk_0123456789abcdef_notarealsecretnotarealsecretnotarealsecre", "not-a-key", TestAuth.AdminKey + "x" })
        {
            using var client = api.CreateAnonymousClient().Authorize(key);
            foreach (var endpoint in Endpoints)
            {
                using var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(endpoint.Method), endpoint.Path), HttpCompletionOption.ResponseHeadersRead);
                Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{endpoint.Method} {endpoint.Path} answered {(int)response.StatusCode} to key '{key}'");
            }
        }
    }

    [Fact]
    public async Task EveryEndpoint_EachScope_AllowedExactlyWhenTheScopeFits()
    {
        using var admin = api.CreateClient();
        foreach (var scope in ApiScopes.All)
        {
            var key = await ApiKeysHttp.CreateAsync(admin, $"matrix-{scope}", [scope]);
            using var client = api.CreateAnonymousClient().Authorize(key.Key);
            foreach (var endpoint in Endpoints)
            {
                using var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(endpoint.Method), endpoint.Path), HttpCompletionOption.ResponseHeadersRead);
                var allowed = endpoint.Scope is null || endpoint.Scope == scope || scope == ApiScopes.Admin;
                if (allowed)
                {
                    Assert.True(response.StatusCode is not (HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden),
                        $"{endpoint.Method} {endpoint.Path} refused scope {scope}: {(int)response.StatusCode}");
                }
                else
                {
                    Assert.True(response.StatusCode == HttpStatusCode.Forbidden,
                        $"{endpoint.Method} {endpoint.Path} answered {(int)response.StatusCode} to scope {scope}, which it does not accept");
                }
            }
        }
    }

    [Fact]
    public async Task OpenEndpoints_WithoutCredentials_Answer()
    {
        using var anonymous = api.CreateAnonymousClient();
        foreach (var path in new[] { "/health/live", "/openapi/v1.json", "/docs" })
        {
            using var response = await anonymous.GetAsync(path);
            Assert.True(response.IsSuccessStatusCode, $"{path} answered {(int)response.StatusCode}");
        }
    }

    [Fact]
    public async Task Readiness_WithoutCredentials_AnswersTheStatusOnly()
    {
        using var anonymous = api.CreateAnonymousClient();
        using var response = await anonymous.GetAsync("/health/ready");

        // A kubelet or load balancer probes without a key: it gets 200 or 503 and the overall status, never the checks.
        Assert.Contains(response.StatusCode, new[] { HttpStatusCode.OK, HttpStatusCode.ServiceUnavailable });
        using var report = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Contains(report.RootElement.GetProperty("status").GetString(), new[] { "Healthy", "Degraded", "Unhealthy" });
        Assert.False(report.RootElement.TryGetProperty("checks", out _));
    }

    [Fact]
    public async Task OpenApiDocument_DeclaresTheBearerScheme()
    {
        using var anonymous = api.CreateAnonymousClient();
        using var document = System.Text.Json.JsonDocument.Parse(await anonymous.GetStringAsync("/openapi/v1.json"));

        var scheme = document.RootElement.GetProperty("components").GetProperty("securitySchemes").GetProperty("Bearer");
        Assert.Equal("bearer", scheme.GetProperty("scheme").GetString());
        Assert.True(document.RootElement.GetProperty("security")[0].TryGetProperty("Bearer", out _));
    }

    [Fact]
    public async Task UnknownRoute_WithoutCredentials_Answers401NotWhetherItExists()
    {
        using var anonymous = api.CreateAnonymousClient();
        using var response = await anonymous.GetAsync("/api/v1/no-such-thing");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task CrossSiteFormPost_WithoutCredentials_ChangesNothing()
    {
        // What a hostile page can make a browser send: a form post with no Authorization header (bearer tokens are not
        // sent by browsers on their own, and the API sets no cookie).
        using var admin = api.CreateClient();
        var jobs = new JobsHttpClient(admin);
        var job = await jobs.SubmitAsync(new JobSpec { Image = "busybox:latest", Command = ["true"], RunAt = DateTimeOffset.UtcNow.AddHours(1) });
        using var anonymous = api.CreateAnonymousClient();

        using var response = await anonymous.PostAsync($"/api/v1/jobs/{job.Id}/cancel", new FormUrlEncodedContent([KeyValuePair.Create("x", "y")]));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(JobState.Scheduled, (await jobs.GetAsync(job.Id)).State);
        await jobs.CancelAsync(job.Id);
    }

    [Fact]
    public async Task Request_ForAHostNameTheApiIsNotBoundTo_IsRefused()
    {
        using var admin = api.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/queues");
        request.Headers.Host = "attacker.example";

        using var response = await admin.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    private static string Normalize(string? pattern) => (pattern ?? "").TrimEnd('/') is { Length: > 0 } trimmed ? trimmed : "/";
}
