namespace JobScheduler.Tests.Api;

/// <summary>Job submissions the API must reject with a 400 naming a field, shared by the validation and no-storage tests.</summary>
public static class MalformedJobRequests
{
    /// <summary>Rows of (case name, JSON body, field the problem must name).</summary>
    public static TheoryData<string, string, string> Bodies => new()
    {
        { "syntax error", """{"image": "busybox" "command": ["echo"]}""", "body" },
        { "truncated", """{"image": "busybox", "command": ["ec""", "command[0]" },
        { "empty body", "", "body" },
        { "null body", "null", "body" },
        { "array body", """[{"image": "busybox"}]""", "body" },
        { "unknown field", """{"image": "busybox", "command": ["echo"], "privileged": true}""", "privileged" },
        { "unknown nested field", """{"image": "busybox", "command": ["echo"], "resources": {"memoryMb": 64, "swapMb": 1}}""", "resources.swapMb" },
        { "missing image", """{"command": ["echo"]}""", "image" },
        { "bad image", """{"image": "Busy Box!", "command": ["echo"]}""", "image" },
        { "missing command", """{"image": "busybox"}""", "command" },
        { "empty command", """{"image": "busybox", "command": []}""", "command" },
        { "null command", """{"image": "busybox", "command": null}""", "command" },
        { "command not an array", """{"image": "busybox", "command": "echo hi"}""", "command" },
        { "command element not a string", """{"image": "busybox", "command": ["echo", 3]}""", "command[1]" },
        { "null queue", """{"image": "busybox", "command": ["echo"], "queue": null}""", "queue" },
        { "unparsable runAt", """{"image": "busybox", "command": ["echo"], "runAt": "tomorrow"}""", "runAt" },
        { "runAt too far ahead", """{"image": "busybox", "command": ["echo"], "runAt": "2999-01-01T00:00:00Z"}""", "runAt" },
        { "negative memory", """{"image": "busybox", "command": ["echo"], "resources": {"memoryMb": -1}}""", "resources.memoryMb" },
        { "huge memory", """{"image": "busybox", "command": ["echo"], "resources": {"memoryMb": 100000000}}""", "resources.memoryMb" },
        { "memory overflows int", """{"image": "busybox", "command": ["echo"], "resources": {"memoryMb": 99999999999}}""", "resources.memoryMb" },
        { "memory as text", """{"image": "busybox", "command": ["echo"], "resources": {"memoryMb": "lots"}}""", "resources.memoryMb" },
        { "negative cpus", """{"image": "busybox", "command": ["echo"], "resources": {"cpus": -0.5}}""", "resources.cpus" },
        { "huge cpus", """{"image": "busybox", "command": ["echo"], "resources": {"cpus": 1000}}""", "resources.cpus" },
        { "negative pids", """{"image": "busybox", "command": ["echo"], "resources": {"pids": -1}}""", "resources.pids" },
        { "negative timeout", """{"image": "busybox", "command": ["echo"], "timeout": "-00:00:05"}""", "timeout" },
        { "unparsable timeout", """{"image": "busybox", "command": ["echo"], "timeout": "5 minutes"}""", "timeout" },
        { "queue with bad characters", """{"image": "busybox", "command": ["echo"], "queue": "Bad Queue!"}""", "queue" },
        { "label key with control character", """{"image": "busybox", "command": ["echo"], "labels": {"a\u0001b": "x"}}""", "labels.a?b" },
        { "label value not a string", """{"image": "busybox", "command": ["echo"], "labels": {"team": 1}}""", "labels.team" },
        { "env name invalid", """{"image": "busybox", "command": ["echo"], "env": {"1BAD": "x"}}""", "env.1BAD" },
        { "priority out of range", """{"image": "busybox", "command": ["echo"], "priority": 5000}""", "priority" },
    };
}
