# GateWatch processes as a container image: one image, one subcommand per service
# (docker-compose.yml). Build: docker build -t gatewatch .   Run: docker run --rm gatewatch --help
FROM maven:3.9.9-eclipse-temurin-17 AS build
WORKDIR /src
# POMs first, so dependency downloads are cached while sources change
COPY pom.xml .
COPY embedded/pom.xml embedded/
COPY http/pom.xml http/
COPY schemas/pom.xml schemas/
COPY registry/pom.xml registry/
COPY streams/pom.xml streams/
COPY producers/pom.xml producers/
COPY sinks/pom.xml sinks/
COPY app/pom.xml app/
COPY bench/pom.xml bench/
RUN mvn -B -q -pl app -am dependency:go-offline -DexcludeReactor=true || true
COPY . .
RUN mvn -B -q -DskipTests package -pl app -am

FROM eclipse-temurin:17.0.15_6-jre
# curl: the compose healthchecks ask each process's /health
RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/* \
    && useradd --system --home-dir /var/lib/gatewatch --create-home gatewatch \
    && mkdir -p /var/lib/gatewatch/state && chown gatewatch /var/lib/gatewatch/state
COPY --from=build /src/app/target/gatewatch.jar /opt/gatewatch/gatewatch.jar
USER gatewatch
WORKDIR /var/lib/gatewatch
# metrics.port: /metrics, /health, /ready
EXPOSE 9404
ENV JAVA_OPTS="-XX:MaxRAMPercentage=75"
ENTRYPOINT ["sh", "-c", "exec java $JAVA_OPTS -jar /opt/gatewatch/gatewatch.jar \"$@\"", "gatewatch"]
CMD ["--help"]
