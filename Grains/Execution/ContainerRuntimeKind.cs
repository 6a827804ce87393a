namespace JobScheduler.Grains.Execution;

/// <summary>Which <see cref="IContainerRuntime"/> a silo's worker uses (<c>Scheduler:Containers:Runtime</c>).</summary>
public enum ContainerRuntimeKind
{
    /// <summary>The Docker engine (the default, and the only production runtime).</summary>
    Docker,

    /// <summary>
    /// <see cref="SimulatedContainerRuntime"/>: no container at all, for benchmarks of the control plane only
    /// (as Kubernetes' kubemark and Nomad's mock driver). Never the default; no job can ask for it.
    /// </summary>
    Simulated,
}
