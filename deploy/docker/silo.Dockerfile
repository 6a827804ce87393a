# The silo image: a self-contained publish of Silo/ on the .NET runtime-deps image, as uid 10001.
#   docker build -f deploy/docker/silo.Dockerfile -t jobscheduler/silo:local .        (from the repository root)
# Every base image is a build argument whose default is the official .NET image; a machine without a registry passes
# local ones (deploy/docker/build-images.sh, docs/deploy.md). The build stage is the same in api.Dockerfile, line for
# line, so that the layer cache builds the solution once for both images: keep them identical.
ARG SDK_IMAGE=mcr.microsoft.com/dotnet/sdk:10.0
ARG RUNTIME_IMAGE=mcr.microsoft.com/dotnet/runtime-deps:10.0

# ---- build: restore (cached while no project file changes), then publish both hosts self-contained ----
FROM ${SDK_IMAGE} AS build
ARG RID=linux-x64
WORKDIR /src
COPY global.json Directory.Build.props Directory.Packages.props .editorconfig ./
COPY Grains.Interfaces/JobScheduler.Grains.Interfaces.csproj Grains.Interfaces/
COPY Grains/JobScheduler.Grains.csproj Grains/
COPY Silo/JobScheduler.Silo.csproj Silo/
COPY Client.Api/JobScheduler.Client.Api.csproj Client.Api/
RUN dotnet restore Silo/JobScheduler.Silo.csproj -r ${RID} \
 && dotnet restore Client.Api/JobScheduler.Client.Api.csproj -r ${RID}
COPY Grains.Interfaces/ Grains.Interfaces/
COPY Grains/ Grains/
COPY Silo/ Silo/
COPY Client.Api/ Client.Api/
RUN dotnet publish Silo/JobScheduler.Silo.csproj -c Release -r ${RID} --self-contained --no-restore -nologo -v q -o /out/silo \
 && dotnet publish Client.Api/JobScheduler.Client.Api.csproj -c Release -r ${RID} --self-contained --no-restore -nologo -v q -o /out/api \
 && rm -f /out/*/*.pdb

# ---- final: runtime-deps (libc, libssl, ICU, CA certificates, tzdata) + the app, no SDK, no shell tools added ----
FROM ${RUNTIME_IMAGE} AS silo
RUN groupadd --gid 10001 jobscheduler \
 && useradd --uid 10001 --gid 10001 --home-dir /home/jobscheduler --create-home --shell /usr/sbin/nologin jobscheduler
WORKDIR /app
COPY --from=build /out/silo/ /app/
COPY deploy/docker/healthcheck /app/healthcheck
# Listen on every interface inside the container; Kubernetes and compose set the port (and AdvertisedAddress) per silo.
ENV Urls=http://+:5090 \
    DOTNET_gcServer=0 \
    DOTNET_CLI_TELEMETRY_OPTOUT=1
USER 10001:10001
EXPOSE 5090 11111 30000
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=3 CMD ["/app/healthcheck"]
ENTRYPOINT ["/app/JobScheduler.Silo"]
