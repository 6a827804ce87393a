using System.Net;
using System.Text.RegularExpressions;
using JobScheduler.Grains.Interfaces;
using JobScheduler.Tests.Infrastructure;
using JobScheduler.Tests.Security;
using Microsoft.AspNetCore.Mvc.Testing;

namespace JobScheduler.Tests.Dashboard;

/// <summary>The Orleans dashboard at <c>/dashboard</c> over HTTP: admins only, its assets shipped with the API.</summary>
[Collection(EmbeddedApiCollection.Name)]
public sealed partial class DashboardAccessTests(EmbeddedApiFixture api)
{
    [Fact]
    public async Task Dashboard_WithoutCredentials_Answers401()
    {
        using var anonymous = api.CreateAnonymousClient();
        foreach (var path in new[] { "/dashboard", "/dashboard/", "/dashboard/index.min.js", "/dashboard/DashboardCounters" })
        {
            using var response = await anonymous.GetAsync(path);
            Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{path} answered {(int)response.StatusCode} without credentials");
        }
    }

    [Fact]
    public async Task Dashboard_WithAKeyWithoutAdmin_Answers403()
    {
        using var admin = api.CreateClient();
        var key = await ApiKeysHttp.CreateAsync(admin, "dashboard-operate", [ApiScopes.Read, ApiScopes.Operate, ApiScopes.Metrics]);
        using var client = api.CreateAnonymousClient().Authorize(key.Key);

        using var response = await client.GetAsync("/dashboard/");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task Dashboard_WithTheAdminKey_ServesItsPage()
    {
        using var admin = api.Factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false }).Authorize();

        using var bare = await admin.GetAsync("/dashboard");
        using var page = await admin.GetAsync("/dashboard/");

        // Without the slash the page's relative asset paths would resolve against the root.
        Assert.Equal(HttpStatusCode.MovedPermanently, bare.StatusCode);
        Assert.Equal("/dashboard/", bare.Headers.Location?.OriginalString);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Dashboard_Assets_AreServedByTheApiAndNoneComesFromElsewhere()
    {
        using var admin = api.CreateClient();
        var html = await admin.GetStringAsync("/dashboard/");
        var references = Reference().Matches(html).Select(m => m.Groups["url"].Value).ToArray();
        var css = await admin.GetStringAsync("/dashboard/index.css");
        var cssUrls = CssUrl().Matches(css).Select(m => m.Groups["url"].Value).ToArray();

        Assert.NotEmpty(references);
        Assert.All(references.Concat(cssUrls), url => Assert.False(Absolute().IsMatch(url), $"the dashboard loads {url} from elsewhere"));
        foreach (var url in references.Where(u => !u.StartsWith('#') && !u.StartsWith("data:", StringComparison.Ordinal)))
        {
            using var asset = await admin.GetAsync(new Uri(new Uri("http://localhost/dashboard/"), url));
            Assert.True(asset.StatusCode == HttpStatusCode.OK, $"{url} answered {(int)asset.StatusCode}");
        }
    }

    [Fact]
    public async Task OpenApiDocument_LeavesTheDashboardOut()
    {
        using var anonymous = api.CreateAnonymousClient();
        using var document = System.Text.Json.JsonDocument.Parse(await anonymous.GetStringAsync("/openapi/v1.json"));

        var paths = document.RootElement.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToArray();

        Assert.Contains("/api/v1/jobs", paths);
        Assert.DoesNotContain(paths, p => p.StartsWith("/dashboard", StringComparison.Ordinal));
    }

    [GeneratedRegex("""(?:src|href)\s*=\s*["'](?<url>[^"']+)["']""", RegexOptions.IgnoreCase)]
    private static partial Regex Reference();

    [GeneratedRegex("""url\(\s*["']?(?<url>[^"')]+)["']?\s*\)""", RegexOptions.IgnoreCase)]
    private static partial Regex CssUrl();

    [GeneratedRegex("^(?:[a-z][a-z0-9+.-]*:)?//", RegexOptions.IgnoreCase)]
    private static partial Regex Absolute();
}
