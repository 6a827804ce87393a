using System.Text.Json;
using JobScheduler.Client.Api.Ui.Pages;

namespace JobScheduler.Tests.Ui;

/// <summary>The Submit page's form: the spec JSON it makes, and which field shows an API error's JSON path.</summary>
public sealed class SubmitFormTests
{
    [Theory]
    [InlineData("image", "image")]
    [InlineData("command[2]", "command")]
    [InlineData("env.1A", "env")]
    [InlineData("secretEnv.TOKEN", "env")]
    [InlineData("labels.", "labels")]
    [InlineData("resources.cpus", "cpus")]
    [InlineData("resources.memoryMb", "memoryMb")]
    [InlineData("retry.maxAttempts", "retryMaxAttempts")]
    [InlineData("retry.initialBackoff", "retryInitialBackoff")]
    [InlineData("network", null)]
    [InlineData("body", null)]
    public void FieldOf_ApiErrorPath_NamesTheFormField(string path, string? field) =>
        Assert.Equal(field, SubmitForm.FieldOf(path));

    [Fact]
    public void ToJson_FilledForm_MakesTheSpecWithNumbersAsNumbersAndTextAsTyped()
    {
        var form = new SubmitForm
        {
            Image = " busybox:latest ",
            Command = "sh\r\n-c\n\necho hi",
            Queue = "batch",
            Priority = "5",
            Env = "A=1\nB=x=y",
            Labels = "team=ui",
            RunAt = "2026-12-01 18:00",
            Timeout = "00:05:00",
            Cpus = "0.5",
            MemoryMb = "lots",
            RetryMaxAttempts = "3",
        };

        using var spec = JsonDocument.Parse(form.ToJson(out var problems));

        Assert.Empty(problems);
        var root = spec.RootElement;
        Assert.Equal("busybox:latest", root.GetProperty("image").GetString());
        Assert.Equal(["sh", "-c", "echo hi"], root.GetProperty("command").EnumerateArray().Select(a => a.GetString()));
        Assert.Equal(5, root.GetProperty("priority").GetInt32());
        Assert.Equal("x=y", root.GetProperty("env").GetProperty("B").GetString());
        Assert.Equal("2026-12-01T18:00:00Z", root.GetProperty("runAt").GetString());
        Assert.Equal(0.5, root.GetProperty("resources").GetProperty("cpus").GetDouble());
        // Not a number: passed on as typed, so that the API names resources.memoryMb in its answer.
        Assert.Equal("lots", root.GetProperty("resources").GetProperty("memoryMb").GetString());
        Assert.Equal(3, root.GetProperty("retry").GetProperty("maxAttempts").GetInt32());
    }

    [Fact]
    public void ToJson_EnvLineWithoutEquals_ReportsItAtTheEnvField()
    {
        var form = new SubmitForm { Image = "busybox:latest", Env = "JUSTANAME" };

        form.ToJson(out var problems);

        Assert.Contains("JUSTANAME", Assert.Single(problems["env"]), StringComparison.Ordinal);
    }
}
