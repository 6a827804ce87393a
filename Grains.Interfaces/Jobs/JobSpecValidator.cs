using System.Text.RegularExpressions;

namespace JobScheduler.Grains.Interfaces;

/// <summary>
/// Checks a <see cref="JobSpec"/> and reports every problem at once, keyed by the JSON path of the
/// offending field (<c>image</c>, <c>command[2]</c>, <c>resources.memoryMb</c>), as RFC 9457
/// validation problems do.
/// </summary>
public static partial class JobSpecValidator
{
    /// <summary>Returns the problems found, keyed by field path; empty when the spec is valid.</summary>
    public static IReadOnlyDictionary<string, string[]> Validate(JobSpec spec, DateTimeOffset now)
    {
        var errors = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        void Add(string field, string message)
        {
            if (!errors.TryGetValue(field, out var list))
                errors[field] = list = [];
            list.Add(message);
        }

        if (spec.Build is { } build)
        {
            if (!string.IsNullOrEmpty(spec.Image))
                Add("image", "Give either image or build, not both.");
            ValidateBuild(build, Add);
        }
        else if (string.IsNullOrWhiteSpace(spec.Image))
            Add("image", "An image (or a build) is required.");
        else if (spec.Image.Length > JobSpecLimits.MaxImageLength || !ImageReference().IsMatch(spec.Image))
            Add("image", $"'{Printable(spec.Image)}' is not a valid image reference (e.g. 'busybox:latest', at most {JobSpecLimits.MaxImageLength} characters).");

        if (spec.Command.Count == 0)
            Add("command", "A command (the container's argv, a non-empty array) is required.");
        else if (spec.Command.Count > JobSpecLimits.MaxCommandArgs)
            Add("command", $"At most {JobSpecLimits.MaxCommandArgs} arguments are allowed.");
        for (var i = 0; i < spec.Command.Count; i++)
        {
            if (spec.Command[i] is null)
                Add($"command[{i}]", "Arguments cannot be null.");
            else if (HasForbiddenControlChars(spec.Command[i]))
                Add($"command[{i}]", "Arguments cannot contain control characters other than tab and newline.");
        }
        if (spec.Command.Count > 0 && string.IsNullOrEmpty(spec.Command[0]))
            Add("command[0]", "The program (first argument) cannot be empty.");

        if (spec.Env.Count > JobSpecLimits.MaxEnvVars)
            Add("env", $"At most {JobSpecLimits.MaxEnvVars} variables are allowed.");
        foreach (var (name, value) in spec.Env)
        {
            if (!EnvName().IsMatch(name))
                Add($"env.{Printable(name)}", "Variable names must match [A-Za-z_][A-Za-z0-9_]*.");
            else if (value is null || value.Contains('\0'))
                Add($"env.{name}", "Values must be strings without NUL characters.");
        }

        // Secret values are never echoed: the messages below name the variable, never its value.
        if (spec.SecretEnv.Count > JobSpecLimits.MaxEnvVars)
            Add("secretEnv", $"At most {JobSpecLimits.MaxEnvVars} secret variables are allowed.");
        foreach (var (name, value) in spec.SecretEnv)
        {
            if (!EnvName().IsMatch(name))
                Add($"secretEnv.{Printable(name)}", "Variable names must match [A-Za-z_][A-Za-z0-9_]*.");
            else if (value is null || value.Contains('\0'))
                Add($"secretEnv.{name}", "Values must be strings without NUL characters.");
            else if (spec.Env.ContainsKey(name))
                Add($"secretEnv.{name}", $"'{name}' is also in env; a variable is either plain or secret, not both.");
        }

        if (spec.RunAt is { } runAt && runAt - now > JobSpecLimits.MaxScheduleAhead)
            Add("runAt", $"A job can be scheduled at most {JobSpecLimits.MaxScheduleAhead.TotalDays:0} days ahead.");

        if (spec.Timeout is { } timeout && (timeout <= TimeSpan.Zero || timeout > JobSpecLimits.MaxTimeout))
            Add("timeout", $"The timeout must be positive and at most {JobSpecLimits.MaxTimeout.TotalDays:0} days (e.g. \"00:05:00\").");

        // Not Math.Abs: it overflows on int.MinValue.
        if (spec.Priority is < -JobSpecLimits.MaxPriority or > JobSpecLimits.MaxPriority)
            Add("priority", $"The priority must be between -{JobSpecLimits.MaxPriority} and {JobSpecLimits.MaxPriority}.");

        if (string.IsNullOrEmpty(spec.Queue) || !QueueName().IsMatch(spec.Queue))
            Add("queue", "Queue names are 1-63 characters: lower-case letters, digits, '-', '_' and '.', starting with a letter or digit.");

        if (spec.ConcurrencyKey is { } concurrencyKey && !ConcurrencyKey().IsMatch(concurrencyKey))
            Add("concurrencyKey", "Concurrency keys are 1-128 characters: letters, digits, '.', '_', ':', '/' and '-'.");
        if (spec.MaxConcurrent is { } maxConcurrent)
        {
            if (spec.ConcurrencyKey is null)
                Add("maxConcurrent", "maxConcurrent needs a concurrencyKey to count against.");
            else if (maxConcurrent < 1 || maxConcurrent > JobSpecLimits.MaxConcurrency)
                Add("maxConcurrent", $"maxConcurrent must be between 1 and {JobSpecLimits.MaxConcurrency}.");
        }

        if (spec.Network is { } network && network is not (JobNetworks.None or JobNetworks.Bridge))
            Add("network", $"The network must be '{JobNetworks.None}' or '{JobNetworks.Bridge}'.");

        if (spec.Resources is { } resources)
        {
            // Below the smallest value Docker's CPU quota would round to nothing, which means no CPU limit at all.
            if (resources.Cpus is { } cpus && (double.IsNaN(cpus) || cpus < JobSpecLimits.MinCpus || cpus > JobSpecLimits.MaxCpus))
                Add("resources.cpus", $"CPUs must be at least {JobSpecLimits.MinCpus.ToString(System.Globalization.CultureInfo.InvariantCulture)} and at most {JobSpecLimits.MaxCpus}.");
            if (resources.MemoryMb is { } memory && (memory < JobSpecLimits.MinMemoryMb || memory > JobSpecLimits.MaxMemoryMb))
                Add("resources.memoryMb", $"Memory must be between {JobSpecLimits.MinMemoryMb} and {JobSpecLimits.MaxMemoryMb} MiB.");
            if (resources.Pids is { } pids && (pids < 1 || pids > JobSpecLimits.MaxPids))
                Add("resources.pids", $"The process limit must be between 1 and {JobSpecLimits.MaxPids}.");
        }

        if (spec.Retry is { } retry)
            ValidateRetry(retry, Add);

        if (spec.Labels.Count > JobSpecLimits.MaxLabels)
            Add("labels", $"At most {JobSpecLimits.MaxLabels} labels are allowed.");
        foreach (var (key, value) in spec.Labels)
        {
            if (!LabelKey().IsMatch(key))
                Add($"labels.{Printable(key)}", "Label keys are 1-63 characters: letters, digits, '.', '_', '/' and '-', starting with a letter or digit.");
            else if (value is null || value.Length > JobSpecLimits.MaxLabelValueLength || value.Any(char.IsControl))
                Add($"labels.{key}", $"Label values are at most {JobSpecLimits.MaxLabelValueLength} characters without control characters.");
        }

        JobNotifyValidator.Validate(spec.Notify, Add);

        var totalChars = spec.Command.Sum(a => a?.Length ?? 0)
            + spec.Env.Sum(e => e.Key.Length + (e.Value?.Length ?? 0))
            + spec.SecretEnv.Sum(e => e.Key.Length + (e.Value?.Length ?? 0))
            + spec.Labels.Sum(l => l.Key.Length + (l.Value?.Length ?? 0));
        if (totalChars > JobSpecLimits.MaxSpecChars)
            Add("command", $"Command, env, secretEnv and labels together may hold at most {JobSpecLimits.MaxSpecChars} characters.");

        return errors.ToDictionary(e => e.Key, e => e.Value.ToArray(), StringComparer.Ordinal);
    }

    private static void ValidateBuild(BuildSpec build, Action<string, string> add)
    {
        if (string.IsNullOrWhiteSpace(build.DockerfileUrl))
            add("build.dockerfileUrl", "A Dockerfile URL is required.");
        else if (BuildUrlProblem(build.DockerfileUrl) is { } problem)
            add("build.dockerfileUrl", problem);
        if (build.ContextUrl is { } contextUrl && BuildUrlProblem(contextUrl) is { } contextProblem)
            add("build.contextUrl", contextProblem);

        if (build.BuildArgs.Count > JobSpecLimits.MaxBuildArgs)
            add("build.buildArgs", $"At most {JobSpecLimits.MaxBuildArgs} build arguments are allowed.");
        foreach (var (name, value) in build.BuildArgs)
        {
            if (!EnvName().IsMatch(name))
                add($"build.buildArgs.{Printable(name)}", "Build argument names must match [A-Za-z_][A-Za-z0-9_]*.");
            else if (value is null || value.Contains('\0'))
                add($"build.buildArgs.{name}", "Values must be strings without NUL characters.");
        }
        if (build.BuildArgs.Sum(a => a.Key.Length + (a.Value?.Length ?? 0)) > JobSpecLimits.MaxBuildArgChars)
            add("build.buildArgs", $"Build arguments together may hold at most {JobSpecLimits.MaxBuildArgChars} characters.");

        if (build.Target is { } target && !StageName().IsMatch(target))
            add("build.target", "The target is a stage name: 1-128 characters, letters, digits, '.', '_' and '-', starting with a letter or digit.");
    }

    // The shape only; the server's outbound guard decides which schemes and hosts it fetches from.
    private static string? BuildUrlProblem(string url)
    {
        if (url.Length > JobSpecLimits.MaxBuildUrlLength)
            return $"URLs are at most {JobSpecLimits.MaxBuildUrlLength} characters.";
        if (HasForbiddenControlChars(url) || url.Contains('\n') || url.Contains('\t'))
            return "URLs cannot contain control characters.";
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
            return $"'{Printable(url)}' is not an absolute https URL.";
        return null;
    }

    private static void ValidateRetry(RetryPolicy retry, Action<string, string> add)
    {
        if (retry.MaxAttempts is { } max && (max < 1 || max > JobSpecLimits.MaxAttempts))
            add("retry.maxAttempts", $"Attempts must be between 1 and {JobSpecLimits.MaxAttempts}.");
        if (retry.InitialBackoff is { } initial && (initial < TimeSpan.Zero || initial > JobSpecLimits.MaxBackoff))
            add("retry.initialBackoff", $"The initial backoff must be between 0 and {JobSpecLimits.MaxBackoff.TotalDays:0} day.");
        if (retry.MaxBackoff is { } maxBackoff && (maxBackoff < TimeSpan.Zero || maxBackoff > JobSpecLimits.MaxBackoff))
            add("retry.maxBackoff", $"The maximum backoff must be between 0 and {JobSpecLimits.MaxBackoff.TotalDays:0} day.");
        else if (retry.MaxBackoff is { } upper && retry.InitialBackoff is { } lower && upper < lower)
            add("retry.maxBackoff", "The maximum backoff cannot be shorter than the initial backoff.");
        if (retry.BackoffMultiplier is { } factor && (double.IsNaN(factor) || factor < 1 || factor > 100))
            add("retry.backoffMultiplier", "The multiplier must be between 1 and 100.");
        if (retry.JitterFraction is { } fraction && (double.IsNaN(fraction) || fraction < 0 || fraction > 1))
            add("retry.jitterFraction", "The jitter fraction must be between 0 and 1.");
        if (retry.Jitter is { } jitter && !Enum.IsDefined(jitter))
            add("retry.jitter", "Jitter must be None, Full or Proportional.");
        if (retry.NonRetryableExitCodes is { } codes)
        {
            if (codes.Count > 256)
                add("retry.nonRetryableExitCodes", "At most 256 exit codes are allowed.");
            for (var i = 0; i < codes.Count; i++)
            {
                if (codes[i] is < 0 or > 255)
                    add($"retry.nonRetryableExitCodes[{i}]", "Exit codes are between 0 and 255.");
            }
        }
    }

    /// <summary>
    /// The answer to <c>secretEnv</c> in a schedule's job template or a workflow step: those templates are stored and
    /// returned as they are, so secrets are accepted only on jobs submitted directly.
    /// </summary>
    public const string SecretEnvNotInTemplates =
        "secretEnv is accepted only on jobs submitted directly (POST /api/v1/jobs), where it is encrypted at rest; schedule and workflow templates are stored as they are and cannot hold secrets.";

    /// <summary>True when <paramref name="name"/> is a valid queue name.</summary>
    public static bool IsValidQueueName(string? name) => name is not null && QueueName().IsMatch(name);

    private static bool HasForbiddenControlChars(string value) =>
        value.Any(c => char.IsControl(c) && c is not '\t' and not '\n' and not '\r');

    // Field names echoed back in errors must not smuggle control characters into logs or terminals.
    private static string Printable(string value) =>
        new(value.Select(c => char.IsControl(c) ? '?' : c).Take(64).ToArray());

    // Docker's reference grammar, simplified: [registry[:port]/]path[:tag][@digest], lower-case path.
    [GeneratedRegex(@"^[a-z0-9]+([._\-/:][a-z0-9]+)*(:[A-Za-z0-9_][A-Za-z0-9_.\-]{0,127})?(@sha256:[a-f0-9]{64})?$")]
    private static partial Regex ImageReference();

    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9._\-]{0,127}$")]
    private static partial Regex StageName();

    [GeneratedRegex(@"^[A-Za-z_][A-Za-z0-9_]{0,255}$")]
    private static partial Regex EnvName();

    [GeneratedRegex(@"^[a-z0-9][a-z0-9_.\-]{0,62}$")]
    private static partial Regex QueueName();

    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9._/\-]{0,62}$")]
    private static partial Regex LabelKey();

    [GeneratedRegex(@"^[A-Za-z0-9._:/\-]{1,128}$")]
    private static partial Regex ConcurrencyKey();
}
