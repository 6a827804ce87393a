namespace JobScheduler.Client.Api.Security;

/// <summary>Reads the caller's <see cref="SchedulerPrincipal"/> off a request.</summary>
public static class HttpContextPrincipalExtensions
{
    private static readonly object Key = new();

    /// <summary>The authenticated caller (computed once per request).</summary>
    public static SchedulerPrincipal Principal(this HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Items.TryGetValue(Key, out var cached) && cached is SchedulerPrincipal principal)
            return principal;
        principal = SchedulerPrincipal.From(context.User);
        context.Items[Key] = principal;
        return principal;
    }
}
