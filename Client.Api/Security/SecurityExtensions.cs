using System.Globalization;
using System.Text;
using System.Threading.RateLimiting;
using JobScheduler.Grains.Interfaces;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

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
        services.AddSingleton<PrincipalQuotas>();
        services.AddHostedService<BootstrapKeyIssuer>();
        DefaultAllowedHosts(builder.Configuration);

        var jwt = builder.Configuration.GetSection(AuthOptions.SectionName).Get<AuthOptions>()?.Jwt ?? new JwtAuthOptions();
        var authentication = services.AddAuthentication(SchemeName)
            .AddPolicyScheme(SchemeName, "API key or JWT", o => o.ForwardDefaultSelector = context =>
                jwt.Enabled && BearerToken.From(context.Request) is { } token && BearerToken.LooksLikeJwt(token) ? JwtScheme : ApiKeyAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null);
        if (jwt.Enabled)
            authentication.AddJwtBearer(JwtScheme, o => ConfigureJwt(o, jwt));

        services.AddAuthorizationBuilder()
            // Default-deny: an endpoint that names no policy still needs a principal.
            .SetFallbackPolicy(new AuthorizationPolicyBuilder(SchemeName).RequireAuthenticatedUser().Build())
            .AddScopePolicies();
        services.AddRateLimiter(ConfigureRateLimiter);
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

    private static void ConfigureJwt(JwtBearerOptions options, JwtAuthOptions jwt)
    {
        options.MapInboundClaims = false;
        options.Authority = jwt.Authority;
        options.Audience = jwt.Audience;
        options.TokenValidationParameters.ValidAudience = jwt.Audience;
        options.TokenValidationParameters.ValidateIssuer = jwt.Issuer is not null || jwt.Authority is not null;
        if (jwt.Issuer is not null)
            options.TokenValidationParameters.ValidIssuer = jwt.Issuer;
        if (jwt.SigningKey is { } signingKey)
            options.TokenValidationParameters.IssuerSigningKey = new SymmetricSecurityKey(Encoding.UTF8.GetBytes(signingKey));
        options.Events = new JwtBearerEvents
        {
            // The token's own claims become the API's: actor from the subject, scopes and queues from the configured claims.
            OnTokenValidated = context =>
            {
                var user = context.Principal!;
                var subject = user.FindFirst("sub")?.Value ?? user.Identity?.Name ?? "unknown";
                var scopes = Values(user, jwt.ScopesClaim).Where(ApiScopes.IsKnown);
                var queues = Values(user, jwt.QueuesClaim).ToList();
                context.Principal = new System.Security.Claims.ClaimsPrincipal(
                    SchedulerPrincipal.Identity($"jwt:{subject}", scopes, queues.Count == 0 ? null : queues, SchedulerClaims.AuthenticationType));
                return Task.CompletedTask;
            },
        };
    }

    private static IEnumerable<string> Values(System.Security.Claims.ClaimsPrincipal user, string claimType) =>
        user.FindAll(claimType).SelectMany(c => c.Value.Split([' ', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

    private static void ConfigureRateLimiter(Microsoft.AspNetCore.RateLimiting.RateLimiterOptions options)
    {
        options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
        options.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
        {
            var limits = context.RequestServices.GetRequiredService<IOptions<AuthOptions>>().Value.RateLimit;
            if (limits.PermitsPerSecond == 0 || context.Request.Path.StartsWithSegments("/health/live"))
                return RateLimitPartition.GetNoLimiter("unlimited");
            // Per principal once authenticated; per client address otherwise, so guessing keys is slowed too.
            var partition = context.User.Identity?.IsAuthenticated == true
                ? SchedulerPrincipal.From(context.User).Actor
                : $"address:{context.Connection.RemoteIpAddress}";
            return RateLimitPartition.GetTokenBucketLimiter(partition, _ => new TokenBucketRateLimiterOptions
            {
                TokenLimit = limits.Burst,
                TokensPerPeriod = limits.PermitsPerSecond,
                ReplenishmentPeriod = TimeSpan.FromSeconds(1),
                QueueLimit = 0,
                AutoReplenishment = true,
            });
        });
        options.OnRejected = async (context, cancellationToken) =>
        {
            var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)) : 1;
            var http = context.HttpContext;
            http.Response.Headers.RetryAfter = retryAfter.ToString(CultureInfo.InvariantCulture);
            await http.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
            {
                HttpContext = http,
                ProblemDetails = new ProblemDetails
                {
                    Status = StatusCodes.Status429TooManyRequests,
                    // ASP.NET Core has no default type for 429; RFC 9457 wants one that documents the status.
                    Type = "https://www.rfc-editor.org/rfc/rfc6585#section-4",
                    Title = "Too many requests.",
                    Detail = $"This principal's rate limit (Scheduler:Auth:RateLimit) is exhausted. Retry after {retryAfter} seconds.",
                    Extensions = { ["limit"] = "rate" },
                },
            });
        };
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
