# ml-api in a container. The jar and its libraries are built on the host (mvn -q package -DskipTests);
# nothing is downloaded while building, so the image builds offline from any JRE 25 base:
#   docker build --network host -f Dockerfile.ml -t inference-lab/ml-api .
#   docker build --network host --build-arg BASE_IMAGE=lab-local/jre:25 -f Dockerfile.ml -t inference-lab/ml-api .
# At run time the default MODEL_URI (DistilBERT-SST-2 from the DJL model zoo) is downloaded into /models on
# first start; without network the service falls back to its offline model and says so. Mount one named
# volume there for every container (compose and the portal use inference-lab-model-cache), or each
# container gets an anonymous volume of its own and downloads the model again. `fetch` fills it and exits:
#   docker run --rm --network host -v inference-lab-model-cache:/models inference-lab/ml-api fetch
# The base is pinned to the Temurin build the project is built and tested with (25.0.3+9); any JRE 25
# works: --build-arg BASE_IMAGE=eclipse-temurin:25-jre (or a local image where no registry answers).
ARG BASE_IMAGE=eclipse-temurin:25.0.3_9-jre
FROM ${BASE_IMAGE}
# Stamped by whoever builds: the portal passes its version and the checkout's commit and remote.
ARG VERSION=dev
ARG REVISION=unknown
ARG SOURCE=local

# The project states no licence of its own yet (NOASSERTION); the parts from others keep theirs (NOTICE files).
LABEL org.opencontainers.image.title="ml-api" \
      org.opencontainers.image.description="Transformer sentiment API (DJL, DistilBERT-SST-2 with an offline fallback) of the AI Inference Ops Lab" \
      org.opencontainers.image.version="${VERSION}" \
      org.opencontainers.image.revision="${REVISION}" \
      org.opencontainers.image.source="${SOURCE}" \
      org.opencontainers.image.licenses="NOASSERTION" \
      inference-lab.service="ml-api"

WORKDIR /app
# Libraries first: they change rarely, so this layer is reused between builds.
COPY ml-api/target/lib/ /app/lib/
COPY ml-api/target/ml-api.jar ml-api/jvm.options /app/
# The cache volume's mount point, writable by the non-root user (no RUN: works on any base image).
COPY --chown=1000:1000 ml-api/model/volume/ /models/

ENV PORT=8002 \
    BIND=0.0.0.0 \
    MODEL_CACHE_DIR=/models \
    DJL_CACHE_DIR=/models/djl
# The process environment of ml-api/service.env (why each is there is written there; a test keeps them equal).
ENV GLIBC_TUNABLES=glibc.malloc.hugetlb=1 \
    THP_MEM_ALLOC_ENABLE=1 \
    MALLOC_ARENA_MAX=2
USER 1000
VOLUME ["/models"]
EXPOSE 8002

# Readiness, not liveness: the container is healthy once the model has loaded and warmed up. The start
# period leaves room for a first download of the model (hundreds of MB) before failures count.
HEALTHCHECK --interval=5s --timeout=3s --start-period=180s --retries=3 \
    CMD wget -q -O /dev/null "http://127.0.0.1:${PORT}/ready" || curl -fsS -o /dev/null "http://127.0.0.1:${PORT}/ready" || exit 1

ENTRYPOINT ["java", "@/app/jvm.options", "-jar", "/app/ml-api.jar"]
