namespace JobScheduler.Grains.Builds;

/// <summary>The labels every image built by the scheduler carries: the LRU removes only images with <see cref="Built"/>.</summary>
public static class BuildLabels
{
    /// <summary>Marks an image this feature built (value <c>true</c>).</summary>
    public const string Built = "jobscheduler.build";

    /// <summary>The <see cref="BuildKeys.Recipe"/> of a build with a context URL.</summary>
    public const string Recipe = "jobscheduler.build.recipe";

    /// <summary>The context response's <c>ETag</c>, for a conditional request by the next job with the same recipe.</summary>
    public const string ContextETag = "jobscheduler.build.context-etag";

    /// <summary>The context response's <c>Last-Modified</c> (RFC 1123), the same when the server gives no <c>ETag</c>.</summary>
    public const string ContextLastModified = "jobscheduler.build.context-last-modified";
}
