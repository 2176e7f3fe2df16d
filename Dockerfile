# queuepulse container image.
#   docker build -t queuepulse .
#   docker run -p 8000:8000 --env-file .env -v qpdata:/data queuepulse
# Without GENESYS_CLIENT_ID/GENESYS_CLIENT_SECRET it runs on the built-in
# simulator. It runs what `deno task start` runs: the configuration checked
# once, then `deno serve --parallel` with the `serve` permission set of
# deno.json; logs are JSON lines on stdout (warn and error on stderr). Every
# isolate shares the KV file under /data, owned by the image's `deno` user
# (uid 1993): a bind mount must be writable by that uid. For several
# containers, point KV_PATH at a KV Connect URL.
FROM denoland/deno:2.9.6

WORKDIR /app
# Container runtimes set HOSTNAME to the container's name: listen everywhere.
ENV DENO_NO_UPDATE_CHECK=1 \
    HOSTNAME=0.0.0.0 \
    KV_PATH=/data/queuepulse.sqlite \
    PORT=8000

COPY deno.json deno.lock ./
COPY main.ts sim.ts ./
COPY src/ src/
COPY web/ web/
COPY scripts/ scripts/
RUN deno install --frozen --entrypoint main.ts scripts/start.ts sim.ts \
 && mkdir -p /data && chown deno:deno /data

USER deno
VOLUME ["/data"]
EXPOSE 8000
HEALTHCHECK --interval=15s --timeout=3s --start-period=10s \
  CMD ["deno", "eval", "const r = await fetch(`http://127.0.0.1:${Deno.env.get('PORT')}/healthz`); Deno.exit(r.ok ? 0 : 1)"]

CMD ["deno", "run", "-q", "-P=start", "scripts/start.ts"]
