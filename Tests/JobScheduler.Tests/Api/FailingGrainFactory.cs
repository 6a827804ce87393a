using System.Reflection;

namespace JobScheduler.Tests.Api;

/// <summary>
/// An <see cref="IGrainFactory"/> whose grains fail every call with one exception, to show how the API answers
/// when the cluster or Redis fails (a real outage cannot be staged inside an in-memory test host).
/// </summary>
public class FailingGrainFactory : DispatchProxy
{
    private Exception _failure = new InvalidOperationException("No failure configured.");

    /// <summary>A grain factory whose grains' calls all fail with <paramref name="failure"/>.</summary>
    public static IGrainFactory Create(Exception failure)
    {
        var factory = DispatchProxy.Create<IGrainFactory, FailingGrainFactory>();
        ((FailingGrainFactory)(object)factory)._failure = failure;
        return factory;
    }

    /// <inheritdoc />
    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        ArgumentNullException.ThrowIfNull(targetMethod);
        if (targetMethod.Name != nameof(IGrainFactory.GetGrain) || !targetMethod.ReturnType.IsInterface)
            throw new NotSupportedException($"{targetMethod.Name} is not used by the API.");
        var grain = DispatchProxy.Create(targetMethod.ReturnType, typeof(FailingGrain));
        ((FailingGrain)grain)._failure = _failure;
        return grain;
    }

    /// <summary>A grain reference whose every call returns a faulted task.</summary>
    public class FailingGrain : DispatchProxy
    {
        private static readonly MethodInfo _fromException = typeof(Task).GetMethods()
            .Single(m => m.Name == nameof(Task.FromException) && m.IsGenericMethodDefinition);

        internal Exception _failure = new InvalidOperationException("No failure configured.");

        /// <inheritdoc />
        protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
        {
            ArgumentNullException.ThrowIfNull(targetMethod);
            var returnType = targetMethod.ReturnType;
            if (returnType.IsGenericType && returnType.GetGenericTypeDefinition() == typeof(Task<>))
                return _fromException.MakeGenericMethod(returnType.GetGenericArguments()[0]).Invoke(null, [_failure]);
            if (returnType == typeof(Task))
                return Task.FromException(_failure);
            throw new NotSupportedException($"{targetMethod.Name} does not return a task.");
        }
    }
}
