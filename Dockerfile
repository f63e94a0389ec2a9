# holi, for the production topology (deploy/docker-compose.prod.yml). Build with:
#   mvn -B -q package -DskipTests && docker build -t holi:latest .
# The build targets Java 17 (the jar runs on 17 and later); the image runs it on Java 25 (LTS): the same audited
# reads per second and p99 as Java 17, a faster warm-up, and a JVM that keeps a class-data-sharing archive by itself
# (bench/README.md, docs/decisions.md "Audited reads at the database's speed").
FROM eclipse-temurin:25-jre AS extract
WORKDIR /build
COPY target/holi.jar holi.jar
# Spring Boot's jar tools: the application and its libraries as plain jars; class-data sharing cannot map classes
# that come from jars nested in the fat jar
RUN java -Djarmode=tools -jar holi.jar extract --destination /opt/holi

FROM eclipse-temurin:25-jre
RUN apt-get update && apt-get install -y --no-install-recommends postgresql-client age curl \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --uid 10001 --home-dir /var/lib/holi --create-home holi
COPY --from=extract /opt/holi /opt/holi
# glibc's malloc keeps an arena per thread by default; two keep the resident set smaller (bench/README.md)
ENV MALLOC_ARENA_MAX=2
USER holi
WORKDIR /var/lib/holi
EXPOSE 8080
HEALTHCHECK --interval=10s --timeout=3s --retries=3 CMD curl -fsS http://localhost:8080/api/health/live || exit 1
# JSON logs on stdout; the shipper (deploy/vector) takes them from there.
# -XX:+AutoCreateSharedArchive: the first start writes a class-data-sharing archive when it stops, later starts map it
# (and the JVM rewrites it when the jar changed): a cold start in a little over half the time, no training run.
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=60", "-XX:+AutoCreateSharedArchive", "-XX:SharedArchiveFile=/var/lib/holi/holi.jsa", \
            "-jar", "/opt/holi/holi.jar"]
CMD ["serve"]
