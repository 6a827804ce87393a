using System.Net;
using System.Text.RegularExpressions;
using JobScheduler.Client.Api.Ui.Services;
using JobScheduler.Grains.Interfaces;
using JobScheduler.Tests.Infrastructure;
using JobScheduler.Tests.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace JobScheduler.Tests.Ui;

/// <summary>
/// The web UI's sign-in and cookie session over HTTP: who gets in, what the cookie looks like, and that it opens
/// the UI only, never the API.
/// </summary>
[Collection(EmbeddedApiCollection.Name)]
public sealed partial class UiSessionTests(EmbeddedApiFixture api)
{
    [Fact]
    public async Task Page_Anonymous_RedirectsToSignInWithTheWayBack()
    {
        using var browser = Browser();

        using var response = await browser.GetAsync("/jobs?state=Failed");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/signin", response.Headers.Location!.AbsolutePath);
        Assert.Contains("returnUrl=%2Fjobs%3Fstate%3DFailed", response.Headers.Location.Query, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SignInPage_Anonymous_ShowsTheKeyFieldAndButton()
    {
        using var browser = Browser();

        var html = await browser.GetStringAsync("/signin");

        Assert.Contains("<label for=\"api-key\">API key</label>", html, StringComparison.Ordinal);
        Assert.Contains(">Sign in</button>", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SignIn_WithABadKey_ShowsTheErrorOnTheFormAndSetsNoSession()
    {
        using var browser = Browser();

        using var response = await SignInAsync(browser, "jsk_0123456789abcdef_notarealsecretnotarealsecretnotarealsecre");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("id=\"api-key-error\"", html, StringComparison.Ordinal);
        Assert.Contains("unknown, malformed or revoked", html, StringComparison.Ordinal);
        Assert.DoesNotContain(response.Headers.TryGetValues("Set-Cookie", out var cookies) ? cookies : [], c => c.StartsWith(UiAuthentication.CookieName, StringComparison.Ordinal));
    }

    [Fact]
    public async Task SignIn_WithoutTheAntiforgeryToken_IsRefused()
    {
        using var browser = Browser();

        using var response = await browser.PostAsync("/signin", new FormUrlEncodedContent(
            [KeyValuePair.Create("_handler", "signin"), KeyValuePair.Create("Input.Key", TestAuth.AdminKey)]));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task SignIn_WithTheAdminKey_SetsAStrictHttpOnlySessionCookieAndOpensThePages()
    {
        using var browser = Browser();

        using var response = await SignInAsync(browser, TestAuth.AdminKey);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = response.Headers.Location!;
        Assert.Equal("/", location.IsAbsoluteUri ? location.AbsolutePath : location.OriginalString);
        var cookie = Assert.Single(response.Headers.GetValues("Set-Cookie"), c => c.StartsWith(UiAuthentication.CookieName + "=", StringComparison.Ordinal));
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(TestAuth.AdminKey, cookie, StringComparison.Ordinal);

        using var overview = await browser.GetAsync("/");
        Assert.Equal(HttpStatusCode.OK, overview.StatusCode);
        var html = await overview.Content.ReadAsStringAsync();
        Assert.Contains("Sign out", html, StringComparison.Ordinal);
        Assert.DoesNotContain(TestAuth.AdminKey, html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SessionCookie_OnTheApi_DoesNotAuthenticate()
    {
        using var browser = Browser();
        using var signedIn = await SignInAsync(browser, TestAuth.AdminKey);
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);

        using var jobs = await browser.GetAsync("/api/v1/jobs");
        using var cancel = await browser.PostAsync("/api/v1/jobs/ui-none/cancel", null);

        Assert.Equal(HttpStatusCode.Unauthorized, jobs.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, cancel.StatusCode);
    }

    [Fact]
    public async Task UiRoutes_WithTheAdminBearerOnly_AreNotSignedIn()
    {
        using var browser = Browser();
        browser.Authorize();

        foreach (var path in new[] { "/", "/jobs", "/jobs/ui-none", "/submit", "/queues" })
        {
            using var response = await browser.GetAsync(path);
            Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"{path} answered {(int)response.StatusCode} to a bearer key");
            Assert.Equal("/signin", response.Headers.Location!.AbsolutePath);
        }

        using var hub = await browser.PostAsync("/_blazor/negotiate?negotiateVersion=1", null);
        Assert.NotEqual(HttpStatusCode.OK, hub.StatusCode);
    }

    [Fact]
    public async Task Session_KeyRevoked_EndsWithinSeconds()
    {
        using var admin = api.CreateClient();
        var key = await ApiKeysHttp.CreateAsync(admin, "ui-revoked", [ApiScopes.Read]);
        using var browser = Browser();
        using var signedIn = await SignInAsync(browser, key.Key);
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        using (var open = await browser.GetAsync("/"))
            Assert.Equal(HttpStatusCode.OK, open.StatusCode);

        using (var revoked = await admin.DeleteAsync($"/api/v1/keys/{key.Info.Id}"))
            Assert.True(revoked.IsSuccessStatusCode);

        await Eventually.Async(async () =>
        {
            using var response = await browser.GetAsync("/");
            return response.StatusCode == HttpStatusCode.Redirect && response.Headers.Location!.AbsolutePath == "/signin";
        }, TimeSpan.FromSeconds(10), "the revoked key's session to end");
    }

    [Fact]
    public async Task SubmitPage_KeyWithoutTheSubmitScope_IsDenied()
    {
        using var admin = api.CreateClient();
        var key = await ApiKeysHttp.CreateAsync(admin, "ui-reader", [ApiScopes.Read]);
        using var browser = Browser();
        using var signedIn = await SignInAsync(browser, key.Key);

        using var submit = await browser.GetAsync("/submit");
        var overview = await browser.GetStringAsync("/");

        Assert.Equal(HttpStatusCode.Redirect, submit.StatusCode);
        Assert.Equal(UiAuthentication.AccessDeniedPath, submit.Headers.Location!.AbsolutePath);
        Assert.DoesNotContain("href=\"/submit\"", overview, StringComparison.Ordinal);
        Assert.DoesNotContain("href=\"/dashboard\"", overview, StringComparison.Ordinal);
    }

    [Fact]
    public void UiEndpoints_EveryOne_NeedsTheCookiePolicyOrIsOpenOnPurpose()
    {
        var ui = api.Factory.Services.GetServices<EndpointDataSource>()
            .SelectMany(source => source.Endpoints).OfType<RouteEndpoint>()
            .Where(AccessMatrixTests.IsUiEndpoint)
            .ToArray();

        Assert.NotEmpty(ui);
        Assert.True(ui.Any(e => e.RoutePattern.RawText == "/jobs/{Id}"), "UI endpoints: " + string.Join(", ", ui.Select(e => e.RoutePattern.RawText)));
        // The static-asset development fallback is the framework's, not a UI route.
        foreach (var endpoint in ui.Where(e => e.Metadata.GetMetadata<IAllowAnonymous>() is null && e.RoutePattern.RawText != "{**path:file}"))
        {
            var policies = endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>().Select(a => a.Policy).ToArray();
            Assert.Contains(UiAuthentication.Policy, policies);
        }
    }

    private HttpClient Browser() =>
        api.Factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    private static async Task<HttpResponseMessage> SignInAsync(HttpClient browser, string key)
    {
        var form = await browser.GetStringAsync("/signin");
        var token = AntiforgeryToken().Match(form).Groups[1].Value;
        return await browser.PostAsync("/signin", new FormUrlEncodedContent(
        [
            KeyValuePair.Create("_handler", "signin"),
            KeyValuePair.Create("__RequestVerificationToken", token),
            KeyValuePair.Create("Input.Key", key),
        ]));
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryToken();
}
