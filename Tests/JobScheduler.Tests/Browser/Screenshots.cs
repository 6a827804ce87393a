using JobScheduler.Tests.Infrastructure;
using Microsoft.Playwright;

namespace JobScheduler.Tests.Browser;

/// <summary>Full-page screenshots under <c>TestResults/screenshots/</c> of the repository, for a reviewer to look at.</summary>
public static class Screenshots
{
    /// <summary>The folder screenshots go to: <c>&lt;repository&gt;/TestResults/screenshots</c>.</summary>
    public static string Folder { get; } = Path.Combine(RepositoryLayout.Root, "TestResults", "screenshots");

    /// <summary>Saves the whole page (not only the viewport) as <c>&lt;name&gt;.png</c> and returns the file's path.</summary>
    public static async Task<string> SaveAsync(IPage page, string name)
    {
        if (name.IndexOfAny(Path.GetInvalidFileNameChars()) >= 0 || name.Contains('.', StringComparison.Ordinal))
            throw new ArgumentException($"'{name}' is not a plain file name (no extension, no separators).", nameof(name));
        Directory.CreateDirectory(Folder);
        var path = Path.Combine(Folder, name + ".png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        return path;
    }
}
