using System.Security.Claims;
using System.Text.Encodings.Web;
using JobScheduler.Grains.Interfaces;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace JobScheduler.Client.Api.Security;

/// <summary>
/// Authenticates <c>Authorization: Bearer &lt;key&gt;</c> with an API key or the bootstrap key; in open mode a
/// request without credentials acts as an anonymous admin. Anything else is unauthenticated (401 on a protected
/// endpoint), with the same answer for an unknown, malformed or revoked key.
/// </summary>
internal sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> schemeOptions,
    ILoggerFactory loggerFactory,
    UrlEncoder encoder,
    ApiKeyVerifier verifier,
    IOptions<AuthOptions> authOptions)
    : AuthenticationHandler<AuthenticationSchemeOptions>(schemeOptions, loggerFactory, encoder)
{
    /// <summary>The scheme's name.</summary>
    public const string SchemeName = "ApiKey";

    /// <summary>The actor of the configured bootstrap key.</summary>
    public const string BootstrapActor = "bootstrap";

    /// <summary>The actor of requests in open mode.</summary>
    public const string AnonymousActor = "anonymous";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var token = BearerToken.From(Request);
        if (token is null)
        {
            return authOptions.Value.Mode == AuthMode.Open
                ? Success(AnonymousActor, ApiScopes.All, queues: null)
                : AuthenticateResult.NoResult();
        }

        if (verifier.IsBootstrapKey(token))
            return Success(BootstrapActor, ApiScopes.All, queues: null);
        if (await verifier.VerifyAsync(token, Context.RequestAborted) is { } key)
            return Success($"key:{key.Id}", key.Scopes, key.Queues);
        return AuthenticateResult.Fail("The key is unknown, malformed or revoked.");
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.Headers.WWWAuthenticate = "Bearer";
        return base.HandleChallengeAsync(properties);
    }

    private AuthenticateResult Success(string actor, IEnumerable<string> scopes, IEnumerable<string>? queues) =>
        AuthenticateResult.Success(new AuthenticationTicket(
            new ClaimsPrincipal(SchedulerPrincipal.Identity(actor, scopes, queues, SchedulerClaims.AuthenticationType)), Scheme.Name));
}
