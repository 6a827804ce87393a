using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;
using JobScheduler.Tests.Infrastructure;
using YamlDotNet.RepresentationModel;

namespace JobScheduler.Tests.Deploy;

/// <summary>
/// deploy/kubernetes rendered as an operator would: the tree copied to a temporary folder, the overlay's secrets.env
/// written with placeholder values, <c>kubectl kustomize</c> run on it, and its output parsed (YAML to JSON nodes; every
/// scalar stays a string, as written).
/// </summary>
public sealed class RenderedKustomization
{
    /// <summary>The placeholder Redis connection string written into secrets.env.</summary>
    public const string RedisPlaceholder = "redis.test.invalid:6379";

    /// <summary>The placeholder bootstrap key written into secrets.env.</summary>
    public const string BootstrapKeyPlaceholder = "placeholder-bootstrap-key-0123456789abcdef";

    private static readonly Lazy<RenderedKustomization> ExampleOverlay = new(() => Render("overlays/example", []));

    // The engine's client files the operator writes for the remote-engine overlay; placeholders are enough to render.
    private static readonly Lazy<RenderedKustomization> RemoteEngineOverlay = new(() => Render("overlays/remote-engine", ["ca.pem", "cert.pem", "key.pem"]));

    private RenderedKustomization(string overlay, IReadOnlyList<JsonObject> objects)
    {
        Overlay = overlay;
        Objects = objects;
    }

    /// <summary>deploy/kubernetes/overlays/example, rendered once per test run.</summary>
    public static RenderedKustomization Example => ExampleOverlay.Value;

    /// <summary>deploy/kubernetes/overlays/remote-engine (the engine over TLS through a sidecar), rendered once per test run.</summary>
    public static RenderedKustomization RemoteEngine => RemoteEngineOverlay.Value;

    /// <summary>An overlay by its folder name under deploy/kubernetes/overlays.</summary>
    public static RenderedKustomization Of(string overlay) => overlay switch
    {
        "example" => Example,
        "remote-engine" => RemoteEngine,
        _ => throw new ArgumentOutOfRangeException(nameof(overlay), overlay, "No such overlay."),
    };

    /// <summary>The overlay, relative to deploy/kubernetes.</summary>
    public string Overlay { get; }

    /// <summary>Every rendered object.</summary>
    public IReadOnlyList<JsonObject> Objects { get; }

    /// <summary>The objects of one kind.</summary>
    public IEnumerable<JsonObject> OfKind(string kind) => Objects.Where(o => Text(o["kind"]) == kind);

    /// <summary>The single object of a kind whose name starts with <paramref name="namePrefix"/> (generated names carry a hash suffix).</summary>
    public JsonObject Single(string kind, string namePrefix) =>
        Assert.Single(OfKind(kind), o => Name(o).StartsWith(namePrefix, StringComparison.Ordinal));

    /// <summary>An object's <c>metadata.name</c>.</summary>
    public static string Name(JsonObject o) => Text(o["metadata"]?["name"]);

    /// <summary>A scalar as the YAML wrote it, or "" when absent.</summary>
    public static string Text(JsonNode? node) => node?.GetValue<string>() ?? "";

    /// <summary>The pod template's spec of a workload.</summary>
    public static JsonObject PodSpec(JsonObject workload) => workload["spec"]!["template"]!["spec"]!.AsObject();

    /// <summary>A pod's containers, init containers included.</summary>
    public static IEnumerable<JsonObject> Containers(JsonObject podSpec) =>
        (podSpec["initContainers"]?.AsArray() ?? []).Concat(podSpec["containers"]!.AsArray()).Select(c => c!.AsObject());

    /// <summary>A ConfigMap's data, or a Secret's data decoded.</summary>
    public IReadOnlyDictionary<string, string> Data(string kind, string name)
    {
        var o = Assert.Single(OfKind(kind), x => Name(x) == name);
        var data = o["data"]?.AsObject() ?? new JsonObject();
        return data.ToDictionary(p => p.Key, p => kind == "Secret" ? Encoding.UTF8.GetString(Convert.FromBase64String(Text(p.Value))) : Text(p.Value));
    }

    /// <summary>
    /// The environment a container would get: its envFrom ConfigMaps and Secrets, then its env, with field references
    /// resolved to sample values of a pod (name <c>jobscheduler-silo-0</c>, IP 10.1.2.3, the rendered namespace).
    /// </summary>
    public IReadOnlyDictionary<string, string> Environment(JsonObject workload, JsonObject container)
    {
        var env = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var source in container["envFrom"]?.AsArray() ?? [])
        {
            if (source?["configMapRef"] is { } configMap)
                foreach (var (k, v) in Data("ConfigMap", Text(configMap["name"])))
                    env[k] = v;
            if (source?["secretRef"] is { } secret)
                foreach (var (k, v) in Data("Secret", Text(secret["name"])))
                    env[k] = v;
        }
        foreach (var variable in container["env"]?.AsArray() ?? [])
        {
            var name = Text(variable!["name"]);
            env[name] = variable["value"] is { } value ? Text(value)
                : variable["valueFrom"]?["fieldRef"] is { } field ? Text(field["fieldPath"]) switch
                {
                    "metadata.name" => "jobscheduler-silo-0",
                    "metadata.namespace" => Text(workload["metadata"]!["namespace"]),
                    "status.podIP" => "10.1.2.3",
                    "status.hostIP" => "10.1.0.1",
                    var other => throw new InvalidOperationException($"Unexpected fieldRef {other} in {name}."),
                }
                : variable["valueFrom"]?["configMapKeyRef"] is { } cmKey ? Data("ConfigMap", Text(cmKey["name"]))[Text(cmKey["key"])]
                : variable["valueFrom"]?["secretKeyRef"] is { } secretKey ? Data("Secret", Text(secretKey["name"]))[Text(secretKey["key"])]
                : throw new InvalidOperationException($"Unexpected env source of {name}.");
        }
        return env;
    }

    private static RenderedKustomization Render(string overlay, string[] placeholderFiles)
    {
        var source = Path.Combine(RepositoryLayout.Root, "deploy", "kubernetes");
        var copy = Directory.CreateTempSubdirectory("kustomize-");
        try
        {
            foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
            {
                var target = Path.Combine(copy.FullName, Path.GetRelativePath(source, file));
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                File.Copy(file, target);
            }
            // What the operator writes next to the overlay (docs/kubernetes.md); never committed.
            File.WriteAllText(Path.Combine(copy.FullName, overlay, "secrets.env"),
                $"Scheduler__Redis__ConnectionString={RedisPlaceholder}\nScheduler__Auth__BootstrapKey={BootstrapKeyPlaceholder}\n");
            foreach (var file in placeholderFiles)
                File.WriteAllText(Path.Combine(copy.FullName, overlay, file), $"placeholder {file}\n");
            var yaml = Kubectl(["kustomize", Path.Combine(copy.FullName, overlay)]);
            var stream = new YamlStream();
            stream.Load(new StringReader(yaml));
            return new RenderedKustomization(overlay, stream.Documents.Select(d => ToJson(d.RootNode)!.AsObject()).ToArray());
        }
        finally
        {
            copy.Delete(recursive: true);
        }
    }

    private static string Kubectl(string[] arguments)
    {
        var start = new ProcessStartInfo("kubectl", arguments) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException("kubectl is missing: run deploy/scripts/prepare-machine.sh as root (it installs Debian's kubernetes-client).", e);
        }
        using (process)
        {
            var stderr = process.StandardError.ReadToEndAsync();
            var stdout = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            if (process.ExitCode != 0)
                throw new InvalidOperationException($"kubectl {string.Join(' ', arguments)} exited with {process.ExitCode}: {stderr.Result}");
            return stdout;
        }
    }

    private static JsonNode? ToJson(YamlNode node) => node switch
    {
        YamlMappingNode map => new JsonObject(map.Children.Select(c => KeyValuePair.Create(((YamlScalarNode)c.Key).Value!, ToJson(c.Value)))),
        YamlSequenceNode sequence => new JsonArray(sequence.Children.Select(ToJson).ToArray()),
        YamlScalarNode { Value: null } => null,
        YamlScalarNode scalar => JsonValue.Create(scalar.Value),
        _ => throw new InvalidOperationException($"Unexpected YAML node {node.NodeType}."),
    };
}
