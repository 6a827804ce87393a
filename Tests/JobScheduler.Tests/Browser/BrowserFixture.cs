using JobScheduler.Tests.Infrastructure;
using Microsoft.Playwright;

namespace JobScheduler.Tests.Browser;

/// <summary>
/// One headless Debian chromium, driven by Playwright, for the whole <see cref="BrowserCollection"/>: launching a browser
/// costs about a second, a fresh context per test (<see cref="OpenAsync"/>) a few milliseconds. Also holds one embedded
/// API process (<see cref="EmbeddedApiAsync"/>) that the collection's tests share, started on first use.
/// </summary>
/// <remarks>
/// No browser is downloaded: the tests launch the chromium that <c>deploy/scripts/prepare-machine.sh</c> installs
/// (<c>/usr/bin/chromium</c>, or the executable named by <c>JOBSCHEDULER_CHROMIUM</c>).
/// </remarks>
public sealed class BrowserFixture : IAsyncLifetime
{
    /// <summary>Names the chromium executable to launch instead of <c>/usr/bin/chromium</c>.</summary>
    public const string ExecutableVariable = "JOBSCHEDULER_CHROMIUM";

    /// <summary>
    /// How long a page action or navigation may take before Playwright fails it. A fresh embedded host's first Blazor
    /// page, rendered beside the rest of the suite on 2 cores, has taken more than 20 s (sign-in timed out in two runs).
    /// </summary>
    public static readonly TimeSpan ActionTimeout = TimeSpan.FromSeconds(45);

    // Root in a container: chromium's sandbox needs user namespaces it does not get, /dev/shm is small, no GPU.
    private static readonly string[] LaunchArguments =
    [
        "--no-sandbox",
        "--disable-dev-shm-usage",
        "--disable-gpu",
        "--no-first-run",
        "--no-default-browser-check",
        "--disable-extensions",
    ];

    private readonly SemaphoreSlim _apiLock = new(1, 1);
    private IPlaywright? _playwright;
    private IBrowser? _browser;
    private HostProcess? _api;

    /// <summary>The chromium executable the fixture launches; throws, saying how to install one, when there is none.</summary>
    public static string ExecutablePath => FindChromium();

    /// <summary>The shared browser.</summary>
    public IBrowser Browser => _browser ?? throw new InvalidOperationException("The browser fixture has not started.");

    /// <summary>
    /// A fresh browser context (own cookies and storage) with one page whose relative URLs resolve against
    /// <paramref name="baseAddress"/>; with <paramref name="bearerKey"/>, every request it makes sends
    /// <c>Authorization: Bearer &lt;key&gt;</c>.
    /// </summary>
    public async Task<BrowserSession> OpenAsync(Uri baseAddress, string? bearerKey = null)
    {
        var options = new BrowserNewContextOptions
        {
            BaseURL = baseAddress.ToString(),
            ViewportSize = new ViewportSize { Width = 1280, Height = 800 },
            Locale = "en-US",
            TimezoneId = "UTC",
        };
        if (bearerKey is not null)
            options.ExtraHTTPHeaders = new Dictionary<string, string> { ["Authorization"] = $"Bearer {bearerKey}" };
        var context = await Browser.NewContextAsync(options);
        context.SetDefaultTimeout((float)ActionTimeout.TotalMilliseconds);
        context.SetDefaultNavigationTimeout((float)ActionTimeout.TotalMilliseconds);
        return new BrowserSession(context, await context.NewPageAsync());
    }

    /// <summary>The collection's embedded API process (the real host, a co-hosted silo), started on first call.</summary>
    public async Task<HostProcess> EmbeddedApiAsync()
    {
        await _apiLock.WaitAsync();
        try
        {
            return _api ??= await EmbeddedApiProcess.StartAsync("api-browser");
        }
        finally
        {
            _apiLock.Release();
        }
    }

    /// <summary>Launches the browser.</summary>
    public async Task InitializeAsync()
    {
        // Expect(...) waits 5 s by default: too short for a page that renders client-side on a loaded 2-core machine.
        Assertions.SetDefaultExpectTimeout((float)ActionTimeout.TotalMilliseconds);
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ExecutablePath,
            Headless = true,
            Args = LaunchArguments,
            Timeout = (float)TimeSpan.FromSeconds(60).TotalMilliseconds,
        });
    }

    /// <summary>Closes the browser and stops the shared API process.</summary>
    public async Task DisposeAsync()
    {
        if (_browser is not null)
            await _browser.DisposeAsync();
        _playwright?.Dispose();
        if (_api is not null)
            await _api.DisposeAsync();
        _apiLock.Dispose();
    }

    private static string FindChromium()
    {
        var configured = Environment.GetEnvironmentVariable(ExecutableVariable);
        if (!string.IsNullOrWhiteSpace(configured))
            return File.Exists(configured)
                ? configured
                : throw new FileNotFoundException($"{ExecutableVariable} names {configured}, which does not exist.", configured);
        foreach (var candidate in new[] { "/usr/bin/chromium", "/usr/bin/chromium-browser" })
        {
            if (File.Exists(candidate))
                return candidate;
        }
        throw new FileNotFoundException(
            "No chromium found at /usr/bin/chromium: run deploy/scripts/prepare-machine.sh as root (it installs Debian's chromium), " +
            $"or set {ExecutableVariable} to a chromium executable.");
    }
}
