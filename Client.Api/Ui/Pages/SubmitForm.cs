using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace JobScheduler.Client.Api.Ui.Pages;

/// <summary>
/// The fields of the Submit page's form, and the job spec JSON they make. Values are passed on as typed (a priority
/// that is not a number goes as text), so the API validates them and names the field it refuses.
/// </summary>
public sealed class SubmitForm
{
    /// <summary>The image (or leave it empty and give a Dockerfile URL).</summary>
    public string? Image { get; set; }

    /// <summary>A Dockerfile URL to build the image from, instead of an image.</summary>
    public string? DockerfileUrl { get; set; }

    /// <summary>The build context's URL (a tar or tar.gz), with a Dockerfile URL; optional.</summary>
    public string? ContextUrl { get; set; }

    /// <summary>The command, one argument per line.</summary>
    public string? Command { get; set; }

    /// <summary>The queue.</summary>
    public string? Queue { get; set; } = "default";

    /// <summary>The priority.</summary>
    public string? Priority { get; set; }

    /// <summary>Environment variables, one <c>NAME=value</c> per line.</summary>
    public string? Env { get; set; }

    /// <summary>Labels, one <c>key=value</c> per line.</summary>
    public string? Labels { get; set; }

    /// <summary>When to run, as a local date-time input (taken as UTC).</summary>
    public string? RunAt { get; set; }

    /// <summary>The timeout, as <c>hh:mm:ss</c>.</summary>
    public string? Timeout { get; set; }

    /// <summary>CPUs.</summary>
    public string? Cpus { get; set; }

    /// <summary>Memory in MB.</summary>
    public string? MemoryMb { get; set; }

    /// <summary>Retry: the most attempts.</summary>
    public string? RetryMaxAttempts { get; set; }

    /// <summary>Retry: the first backoff, as <c>hh:mm:ss</c>.</summary>
    public string? RetryInitialBackoff { get; set; }

    /// <summary>
    /// The job spec as JSON, or the form's own problems (a line of env or labels without '='), keyed by
    /// <see cref="FieldOf"/> names.
    /// </summary>
    public string ToJson(out Dictionary<string, string[]> problems)
    {
        problems = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var spec = new JsonObject();
        // With a Dockerfile URL and no image the job builds; both given go as they are, and the API names the conflict.
        if (Blank(DockerfileUrl) is not { } dockerfileUrl || Blank(Image) is not null)
            spec["image"] = Image?.Trim() ?? "";
        if (Blank(DockerfileUrl) is { } url)
        {
            var build = new JsonObject { ["dockerfileUrl"] = url };
            if (Blank(ContextUrl) is { } contextUrl)
                build["contextUrl"] = contextUrl;
            spec["build"] = build;
        }
        var command = Lines(Command).ToArray();
        if (command.Length > 0)
            spec["command"] = new JsonArray(command.Select(a => (JsonNode?)JsonValue.Create(a)).ToArray());
        if (Blank(Queue) is { } queue)
            spec["queue"] = queue;
        if (Blank(Priority) is { } priority)
            spec["priority"] = Number(priority);
        if (Pairs(Env, "env", "NAME=value", problems) is { } env)
            spec["env"] = env;
        if (Pairs(Labels, "labels", "key=value", problems) is { } labels)
            spec["labels"] = labels;
        if (Blank(RunAt) is { } runAt)
            spec["runAt"] = DateTime.TryParse(runAt, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var at)
                ? at.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)
                : runAt;
        if (Blank(Timeout) is { } timeout)
            spec["timeout"] = timeout;
        var resources = new JsonObject();
        if (Blank(Cpus) is { } cpus)
            resources["cpus"] = Number(cpus);
        if (Blank(MemoryMb) is { } memory)
            resources["memoryMb"] = Number(memory);
        if (resources.Count > 0)
            spec["resources"] = resources;
        var retry = new JsonObject();
        if (Blank(RetryMaxAttempts) is { } attempts)
            retry["maxAttempts"] = Number(attempts);
        if (Blank(RetryInitialBackoff) is { } backoff)
            retry["initialBackoff"] = backoff;
        if (retry.Count > 0)
            spec["retry"] = retry;
        return spec.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
    }

    /// <summary>
    /// The form field an API error's JSON path names: <c>resources.cpus</c> → <c>cpus</c>, <c>env.PATH</c> → <c>env</c>,
    /// <c>build.dockerfileUrl</c> → <c>dockerfileUrl</c>,
    /// <c>command[2]</c> → <c>command</c>, <c>retry.maxAttempts</c> → <c>retryMaxAttempts</c>; null for a path no field shows.
    /// </summary>
    public static string? FieldOf(string path)
    {
        var head = path.Split('.', '[')[0];
        return head switch
        {
            "image" or "command" or "queue" or "priority" or "env" or "labels" or "runAt" or "timeout" => head,
            "secretEnv" => "env",
            "build" when path.StartsWith("build.contextUrl", StringComparison.Ordinal) => "contextUrl",
            "build" => "dockerfileUrl",
            "resources" when path.StartsWith("resources.cpus", StringComparison.Ordinal) => "cpus",
            "resources" when path.StartsWith("resources.memoryMb", StringComparison.Ordinal) => "memoryMb",
            "retry" when path.StartsWith("retry.maxAttempts", StringComparison.Ordinal) => "retryMaxAttempts",
            "retry" when path.StartsWith("retry.initialBackoff", StringComparison.Ordinal) => "retryInitialBackoff",
            _ => null,
        };
    }

    private static JsonNode Number(string text) =>
        long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var whole) ? JsonValue.Create(whole)
        : double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var real) ? JsonValue.Create(real)
        : JsonValue.Create(text);

    private static JsonObject? Pairs(string? text, string field, string shape, Dictionary<string, string[]> problems)
    {
        var lines = Lines(text).ToArray();
        if (lines.Length == 0)
            return null;
        var pairs = new JsonObject();
        foreach (var line in lines)
        {
            var equals = line.IndexOf('=');
            if (equals < 0)
            {
                problems[field] = [$"Write one {shape} per line; '{line}' has no '='."];
                continue;
            }

            pairs[line[..equals].Trim()] = line[(equals + 1)..];
        }

        return pairs;
    }

    private static IEnumerable<string> Lines(string? text) =>
        (text ?? "").Split('\n').Select(l => l.TrimEnd('\r')).Where(l => l.Trim().Length > 0);

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
