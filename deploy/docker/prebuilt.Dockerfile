# Images from publish folders made on the host, for a machine whose build cannot afford a second compile (the Deploy
# test). The real images come from silo.Dockerfile and api.Dockerfile (multi-stage, self-contained); this file's final
# stages are theirs, line for line, except where the app comes from. Its context is a folder holding silo/ and api/
# (`dotnet publish -c Release` of each host, framework-dependent: the apphost runs on the base image's runtime) and
# healthcheck (deploy/docker/healthcheck); deploy/docker/build-images.sh --prebuilt lays it out and builds:
#   docker build -f deploy/docker/prebuilt.Dockerfile --target silo -t jobscheduler/silo:local <context>
#   docker build -f deploy/docker/prebuilt.Dockerfile --target api  -t jobscheduler/api:local  <context>
ARG RUNTIME_IMAGE=mcr.microsoft.com/dotnet/aspnet:10.0

FROM ${RUNTIME_IMAGE} AS silo
RUN groupadd --gid 10001 jobscheduler \
 && useradd --uid 10001 --gid 10001 --home-dir /home/jobscheduler --create-home --shell /usr/sbin/nologin jobscheduler
WORKDIR /app
COPY silo/ /app/
COPY healthcheck /app/healthcheck
ENV Urls=http://+:5090 \
    DOTNET_gcServer=0 \
    DOTNET_CLI_TELEMETRY_OPTOUT=1
USER 10001:10001
EXPOSE 5090 11111 30000
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=3 CMD ["/app/healthcheck"]
ENTRYPOINT ["/app/JobScheduler.Silo"]

FROM ${RUNTIME_IMAGE} AS api
RUN groupadd --gid 10001 jobscheduler \
 && useradd --uid 10001 --gid 10001 --home-dir /home/jobscheduler --create-home --shell /usr/sbin/nologin jobscheduler
WORKDIR /app
COPY api/ /app/
COPY healthcheck /app/healthcheck
ENV Urls=http://+:5080 \
    DOTNET_gcServer=0 \
    DOTNET_CLI_TELEMETRY_OPTOUT=1
USER 10001:10001
EXPOSE 5080
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=3 CMD ["/app/healthcheck"]
ENTRYPOINT ["/app/JobScheduler.Client.Api"]
