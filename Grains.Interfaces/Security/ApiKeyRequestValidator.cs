namespace JobScheduler.Grains.Interfaces;

/// <summary>Checks an <see cref="ApiKeyRequest"/> and reports every problem at once, keyed by field path.</summary>
public static class ApiKeyRequestValidator
{
    /// <summary>The longest key name.</summary>
    public const int MaxNameLength = 100;

    /// <summary>The most queues one key may be limited to.</summary>
    public const int MaxQueues = 100;

    /// <summary>Returns the problems found; empty when the request is valid.</summary>
    public static IReadOnlyDictionary<string, string[]> Validate(ApiKeyRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (string.IsNullOrWhiteSpace(request.Name) || request.Name.Length > MaxNameLength || request.Name.Any(char.IsControl))
            errors["name"] = [$"A name of 1-{MaxNameLength} characters without control characters is required."];

        if (request.Scopes.Count == 0)
            errors["scopes"] = [$"At least one scope is required: {string.Join(", ", ApiScopes.All)}."];
        for (var i = 0; i < request.Scopes.Count; i++)
        {
            if (!ApiScopes.IsKnown(request.Scopes[i]))
                errors[$"scopes[{i}]"] = [$"Unknown scope; use one of {string.Join(", ", ApiScopes.All)}."];
        }

        if (request.Queues is { } queues)
        {
            if (queues.Count is 0 or > MaxQueues)
                errors["queues"] = [$"Leave queues out for a key that may use every queue, or list 1-{MaxQueues} queues."];
            for (var i = 0; i < queues.Count; i++)
            {
                if (!JobSpecValidator.IsValidQueueName(queues[i]))
                    errors[$"queues[{i}]"] = ["Queue names are 1-63 characters: lower-case letters, digits, '-', '_' and '.', starting with a letter or digit."];
            }
        }

        return errors;
    }
}
