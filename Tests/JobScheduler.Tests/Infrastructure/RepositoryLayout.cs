using System.Reflection;

namespace JobScheduler.Tests.Infrastructure;

/// <summary>Finds the repository and the build outputs of the hosts that tests start as processes.</summary>
public static class RepositoryLayout
{
    /// <summary>The folder holding Orleans.sln.</summary>
    public static string Root { get; } = FindRoot();

    /// <summary>The configuration this test assembly was built in (Debug or Release); the hosts are built alike.</summary>
    public static string Configuration { get; } =
        typeof(RepositoryLayout).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";

    /// <summary>The silo host's entry assembly.</summary>
    public static string SiloAssembly => HostAssembly("Silo", "JobScheduler.Silo.dll");

    /// <summary>The API host's entry assembly.</summary>
    public static string ApiAssembly => HostAssembly("Client.Api", "JobScheduler.Client.Api.dll");

    private static string HostAssembly(string folder, string file)
    {
        var path = Path.Combine(Root, folder, "bin", Configuration, "net10.0", file);
        return File.Exists(path)
            ? path
            : throw new FileNotFoundException($"{path} is missing: build the solution first (dotnet build Orleans.sln -c {Configuration}).", path);
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Orleans.sln")))
                return dir.FullName;
        }
        throw new DirectoryNotFoundException($"No Orleans.sln above {AppContext.BaseDirectory}.");
    }
}
