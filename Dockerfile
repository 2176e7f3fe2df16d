# queuepulse container image.
#   docker build -t queuepulse .
#   docker run -p 8000:8000 --env-file .env -v qpdata:/data queuepulse
# Without GENESYS_CLIENT_ID/GENESYS_CLIENT_SECRET it runs on the built-in
# simulator. Every isolate of `deno serve --parallel` shares the KV file under
# /data; for several containers, point KV_PATH at a KV Connect URL.
FROM denoland/deno:2.9.6

WORKDIR /app
ENV DENO_NO_UPDATE_CHECK=1 \
    KV_PATH=/data/queuepulse.sqlite \
    PORT=8000

COPY deno.json deno.lock ./
COPY main.ts sim.ts ./
COPY src/ src/
COPY web/ web/
COPY scripts/ scripts/
RUN deno install --frozen --entrypoint main.ts sim.ts \
 && mkdir -p /data && chown deno:deno /data

USER deno
VOLUME ["/data"]
EXPOSE 8000
HEALTHCHECK --interval=15s --timeout=3s --start-period=10s \
  CMD deno eval "const r = await fetch('http://127.0.0.1:8000/healthz'); Deno.exit(r.ok ? 0 : 1)"

CMD ["deno", "serve", "--parallel", "--cached-only", "--allow-net", "--allow-env", \
     "--allow-read", "--allow-write", "--port", "8000", "main.ts"]
