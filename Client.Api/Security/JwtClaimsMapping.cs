using System.Security.Claims;
using System.Text;
using JobScheduler.Grains.Interfaces;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.IdentityModel.Tokens;

namespace JobScheduler.Client.Api.Security;

/// <summary>
/// JWT bearer tokens as principals: validated against the configured authority or shared key, with the actor from
/// the subject and the scopes and queues from the configured claims.
/// </summary>
internal static class JwtClaimsMapping
{
    /// <summary>Validates tokens as <paramref name="jwt"/> says and turns their claims into the API's actor, scopes and queues.</summary>
    public static void Configure(JwtBearerOptions options, JwtAuthOptions jwt)
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
                context.Principal = new ClaimsPrincipal(
                    SchedulerPrincipal.Identity($"jwt:{subject}", scopes, queues.Count == 0 ? null : queues, SchedulerClaims.AuthenticationType));
                return Task.CompletedTask;
            },
        };
    }

    private static IEnumerable<string> Values(ClaimsPrincipal user, string claimType) =>
        user.FindAll(claimType).SelectMany(c => c.Value.Split([' ', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
}
