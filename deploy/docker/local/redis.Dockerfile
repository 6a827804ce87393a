# Redis from Debian's package, on the local base image (deploy/docker/local/make-base-images.sh): what the compose
# stack uses where no registry is reachable. The official image (redis:7) is the default elsewhere.
ARG BASE_IMAGE=jobscheduler/base:local
FROM ${BASE_IMAGE}
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends redis-server \
 && rm -rf /var/lib/apt/lists/* /usr/share/doc/* /usr/share/man/* \
 && mkdir -p /data && chown redis:redis /data
USER redis
WORKDIR /data
EXPOSE 6379
CMD ["redis-server", "--protected-mode", "no", "--dir", "/data"]
