namespace JobScheduler.Client.Api.Security;

/// <summary>The claim types the API's authentication puts on a principal, whatever proved it (key, bootstrap key, JWT, open mode).</summary>
public static class SchedulerClaims
{
    /// <summary>Who acts, as recorded in jobs' histories and logs: <c>key:&lt;id&gt;</c>, <c>bootstrap</c>, <c>jwt:&lt;subject&gt;</c> or <c>anonymous</c>. Never a secret.</summary>
    public const string Actor = "jobscheduler:actor";

    /// <summary>One claim per scope granted.</summary>
    public const string Scope = "jobscheduler:scope";

    /// <summary>One claim per queue the principal is limited to; none means every queue.</summary>
    public const string Queue = "jobscheduler:queue";

    /// <summary>The authentication type of principals made by this API.</summary>
    public const string AuthenticationType = "JobScheduler";
}
