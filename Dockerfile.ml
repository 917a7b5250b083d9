# ml-api is not built yet (see the issue "ml-api: the transformer sentiment service on DJL").
# This file keeps its place in the layout; building it fails on purpose with a clear message.
ARG BASE_IMAGE=eclipse-temurin:17-jre
FROM ${BASE_IMAGE}
RUN echo "ml-api is not implemented yet: nothing to build" >&2 && exit 1
