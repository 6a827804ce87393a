using JobScheduler.Grains.Interfaces;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;

namespace JobScheduler.Client.Api.Security;

/// <summary>
/// Default-deny access for the API: API keys and the bootstrap key (or JWTs), one authorization policy per scope,
/// every endpoint behind authentication unless it opts out, a per-principal rate limit, and the allowed hosts.
/// </summary>
public static class SecurityExtensions
{
    /// <summary>The scheme that picks API-key or JWT authentication per request.</summary>
    public const string SchemeName = "Scheduler";

    private const string JwtScheme = "Jwt";

    /// <summary>Registers authentication, authorization and the rate limiter. Safe to call more than once.</summary>
    public static WebApplicationBuilder AddSchedulerSecurity(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        if (services.Any(d => d.ServiceType == typeof(ApiKeyVerifier)))
            return builder;

        services.AddOptions<AuthOptions>().BindConfiguration(AuthOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<AuthOptions>, AuthOptionsValidator>();
        services.AddSingleton<ApiKeyVerifier>();
        services.AddSingleton<Audit>();
        services.AddHostedService<BootstrapKeyIssuer>();
        DefaultAllowedHosts(builder.Configuration);

        var jwt = builder.Configuration.GetSection(AuthOptions.SectionName).Get<AuthOptions>()?.Jwt ?? new JwtAuthOptions();
        var authentication = services.AddAuthentication(SchemeName)
            .AddPolicyScheme(SchemeName, "API key or JWT", o => o.ForwardDefaultSelector = context =>
                jwt.Enabled && BearerToken.From(context.Request) is { } token && BearerToken.LooksLikeJwt(token) ? JwtScheme : ApiKeyAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null);
        if (jwt.Enabled)
            authentication.AddJwtBearer(JwtScheme, o => JwtClaimsMapping.Configure(o, jwt));

        services.AddAuthorizationBuilder()
            // Default-deny: an endpoint that names no policy still needs a principal.
            .SetFallbackPolicy(new AuthorizationPolicyBuilder(SchemeName).RequireAuthenticatedUser().Build())
            .AddScopePolicies();
        services.AddRateLimiter(PrincipalRateLimiter.Configure);
        return builder;
    }

    /// <summary>Adds the authentication, rate-limit and authorization middleware, in that order.</summary>
    public static WebApplication UseSchedulerSecurity(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseAuthentication();
        app.UseRateLimiter();
        app.UseAuthorization();
        return app;
    }

    private static AuthorizationBuilder AddScopePolicies(this AuthorizationBuilder authorization)
    {
        foreach (var scope in ApiScopes.All)
        {
            authorization.AddPolicy(ScopeEndpointExtensions.PolicyFor(scope), policy => policy
                .AddAuthenticationSchemes(SchemeName)
                .RequireAuthenticatedUser()
                .RequireAssertion(context => SchedulerPrincipal.From(context.User).Has(scope)));
        }

        return authorization;
    }

    /// <summary>
    /// Without an <c>AllowedHosts</c> setting, only the names the API is bound to are accepted as Host headers:
    /// a loopback-bound API answers only to loopback names, which stops DNS-rebinding pages from reaching it.
    /// A wildcard bind (all interfaces) cannot know its public names, so it accepts any until they are configured.
    /// </summary>
    private static void DefaultAllowedHosts(ConfigurationManager configuration)
    {
        if (!string.IsNullOrEmpty(configuration["AllowedHosts"]))
            return;
        var hosts = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var url in AuthOptionsValidator.BoundUrls(configuration))
        {
            var host = AuthOptionsValidator.HostOf(url);
            if (host is "*" or "+" or "0.0.0.0" or "::" or "")
                return; // every interface: leave the framework's default (any host) and say so in docs/security.md
            hosts.Add(host.Contains(':') ? $"[{host}]" : host);
            if (AuthOptionsValidator.IsLoopback(url))
                hosts.UnionWith(["localhost", "127.0.0.1", "[::1]"]);
        }

        configuration["AllowedHosts"] = string.Join(';', hosts);
    }
}
