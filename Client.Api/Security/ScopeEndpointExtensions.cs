namespace JobScheduler.Client.Api.Security;

/// <summary>Puts an endpoint (or a group) behind one of the API's scopes.</summary>
public static class ScopeEndpointExtensions
{
    /// <summary>The policy name that requires <paramref name="scope"/>.</summary>
    public static string PolicyFor(string scope) => $"scope:{scope}";

    /// <summary>Only principals holding <paramref name="scope"/> (or admin) may call the endpoint; others get 403, and callers without credentials 401.</summary>
    public static TBuilder RequireScope<TBuilder>(this TBuilder builder, string scope)
        where TBuilder : IEndpointConventionBuilder =>
        builder.RequireAuthorization(PolicyFor(scope));
}
