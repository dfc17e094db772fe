# syntax=docker/dockerfile:1
# One image per service: docker build --build-arg SERVICE=query-api -t poblysh/query-api .
# SERVICE is one of ingest-service, signal-processor, query-api.

# Maven's official image: the wrapper would need curl or wget, which the JDK image does not promise.
FROM maven:3.9-eclipse-temurin-17 AS build
ARG SERVICE
WORKDIR /src
COPY . .
# The cache mount keeps downloaded dependencies between builds of the three images without baking them in a layer.
RUN --mount=type=cache,target=/root/.m2 mvn -B -q -pl ${SERVICE} -am -DskipTests package \
 && cp ${SERVICE}/target/${SERVICE}-*-exec.jar /app.jar

FROM eclipse-temurin:17-jre
ARG SERVICE
LABEL org.opencontainers.image.title="poblysh-${SERVICE}"
RUN groupadd --system --gid 10001 poblysh && useradd --system --uid 10001 --gid poblysh --no-create-home poblysh
COPY --from=build /app.jar /opt/poblysh/app.jar
USER 10001:10001
# Sized for containers: heap from the container's memory limit, fail fast on OOM so the orchestrator restarts us.
ENV JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=70 -XX:InitialRAMPercentage=30 -XX:+ExitOnOutOfMemoryError -XX:+UseG1GC"
ENTRYPOINT ["java", "-jar", "/opt/poblysh/app.jar"]
