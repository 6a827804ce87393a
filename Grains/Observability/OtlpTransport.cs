namespace JobScheduler.Grains.Observability;

/// <summary>The OTLP transport of <see cref="MetricsOptions.OtlpProtocol"/>.</summary>
public enum OtlpTransport
{
    /// <summary>OTLP over gRPC (a collector's port 4317).</summary>
    Grpc = 0,

    /// <summary>OTLP protobuf over HTTP (a collector's port 4318, path <c>/v1/metrics</c>).</summary>
    HttpProtobuf = 1,
}
