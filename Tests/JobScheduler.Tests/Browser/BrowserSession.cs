using Microsoft.Playwright;

namespace JobScheduler.Tests.Browser;

/// <summary>A browser context of its own (cookies, storage, extra headers) and its page; disposing closes both.</summary>
public sealed class BrowserSession(IBrowserContext context, IPage page) : IAsyncDisposable
{
    /// <summary>The context: its cookies hold a UI session once signed in.</summary>
    public IBrowserContext Context { get; } = context;

    /// <summary>The page; relative URLs (<c>/docs</c>) resolve against the session's base address.</summary>
    public IPage Page { get; } = page;

    /// <summary>Closes the context and its pages.</summary>
    public async ValueTask DisposeAsync() => await Context.DisposeAsync();
}
