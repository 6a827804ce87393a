using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace JobScheduler.Client.Api.Security;

/// <summary>
/// The per-principal rate limit: a token bucket per actor once authenticated, per client address before, none for
/// liveness; over it, a 429 problem with <c>Retry-After</c>.
/// </summary>
internal static class PrincipalRateLimiter
{
    /// <summary>Sets the global limiter and the 429 answer.</summary>
    public static void Configure(RateLimiterOptions options)
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
}
