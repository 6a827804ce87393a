namespace JobScheduler.Client.Api.Security;

/// <summary>How the API decides who is calling.</summary>
public enum AuthMode
{
    /// <summary>Every request needs a principal: an API key, the bootstrap key, or a JWT (the default).</summary>
    Keys = 0,

    /// <summary>
    /// Requests without credentials act as an anonymous admin. Only allowed when every URL the API binds is a
    /// loopback address; logged as a warning at start. For a developer's own machine, never for a shared one.
    /// </summary>
    Open = 1,
}
