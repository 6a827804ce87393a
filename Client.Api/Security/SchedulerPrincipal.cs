using System.Security.Claims;
using JobScheduler.Grains.Interfaces;

namespace JobScheduler.Client.Api.Security;

/// <summary>
/// Who is calling and what they may do, read from the request's authenticated user: the actor to record, the
/// scopes, and the queues a tenant is limited to.
/// </summary>
public sealed record SchedulerPrincipal
{
    /// <summary>The actor, as recorded in histories and logs (never a secret).</summary>
    public required string Actor { get; init; }

    /// <summary>The scopes granted.</summary>
    public required IReadOnlySet<string> Scopes { get; init; }

    /// <summary>The queues the principal is limited to; null when it may use every queue.</summary>
    public IReadOnlySet<string>? Queues { get; init; }

    /// <summary>Whether the principal is limited to some queues (a tenant).</summary>
    public bool IsTenant => Queues is not null;

    /// <summary>Whether the principal holds <paramref name="scope"/>; <see cref="ApiScopes.Admin"/> holds every scope.</summary>
    public bool Has(string scope) => Scopes.Contains(scope) || Scopes.Contains(ApiScopes.Admin);

    /// <summary>Whether the principal may see and act on <paramref name="queue"/>.</summary>
    public bool MayUse(string queue) => Queues is null || Queues.Contains(queue);

    /// <summary>Whether the principal may use every one of <paramref name="queues"/>.</summary>
    public bool MayUseAll(IEnumerable<string> queues) => Queues is null || queues.All(Queues.Contains);

    /// <summary>The principal of an authenticated user made by this API's authentication.</summary>
    public static SchedulerPrincipal From(ClaimsPrincipal user)
    {
        ArgumentNullException.ThrowIfNull(user);
        var queues = user.FindAll(SchedulerClaims.Queue).Select(c => c.Value).ToHashSet(StringComparer.Ordinal);
        return new SchedulerPrincipal
        {
            Actor = user.FindFirst(SchedulerClaims.Actor)?.Value ?? "unknown",
            Scopes = user.FindAll(SchedulerClaims.Scope).Select(c => c.Value).ToHashSet(StringComparer.Ordinal),
            Queues = queues.Count == 0 ? null : queues,
        };
    }

    /// <summary>An identity carrying the actor, scopes and queues as claims.</summary>
    public static ClaimsIdentity Identity(string actor, IEnumerable<string> scopes, IEnumerable<string>? queues, string authenticationType)
    {
        var identity = new ClaimsIdentity(authenticationType, SchedulerClaims.Actor, ClaimTypes.Role);
        identity.AddClaim(new Claim(SchedulerClaims.Actor, actor));
        identity.AddClaims(scopes.Distinct(StringComparer.Ordinal).Select(s => new Claim(SchedulerClaims.Scope, s)));
        if (queues is not null)
            identity.AddClaims(queues.Distinct(StringComparer.Ordinal).Select(q => new Claim(SchedulerClaims.Queue, q)));
        return identity;
    }
}
