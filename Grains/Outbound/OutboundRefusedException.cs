namespace JobScheduler.Grains.Outbound;

/// <summary>
/// An outbound request the guard refused or that failed: <see cref="Exception.Message"/> is a short reason written by the
/// guard (never a remote response body), safe to show to the user who gave the URL.
/// </summary>
public sealed class OutboundRefusedException : Exception
{
    /// <summary>Creates the exception with its reason.</summary>
    public OutboundRefusedException(string reason)
        : base(reason)
    {
    }

    /// <summary>Creates the exception with its reason and the failure behind it (kept for logs, never shown).</summary>
    public OutboundRefusedException(string reason, Exception inner)
        : base(reason, inner)
    {
    }

    /// <summary>Creates the exception with a generic reason.</summary>
    public OutboundRefusedException()
        : base("the outbound request failed")
    {
    }
}
