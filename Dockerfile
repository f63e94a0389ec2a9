# holi, for the production topology (deploy/docker-compose.prod.yml). Build with:
#   mvn -B -q package -DskipTests && docker build -t holi:latest .
FROM eclipse-temurin:17-jre
RUN apt-get update && apt-get install -y --no-install-recommends postgresql-client age curl \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --uid 10001 --home-dir /var/lib/holi --create-home holi
COPY target/holi.jar /opt/holi/holi.jar
USER holi
WORKDIR /var/lib/holi
EXPOSE 8080
HEALTHCHECK --interval=10s --timeout=3s --retries=3 CMD curl -fsS http://localhost:8080/api/health/live || exit 1
# JSON logs on stdout; the shipper (deploy/vector) takes them from there
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=60", "-jar", "/opt/holi/holi.jar"]
CMD ["serve"]
