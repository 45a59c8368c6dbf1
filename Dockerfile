# vigi-sim: TP-Link VIGI cameras and NVRs, emulated. Multi-stage: dependencies are installed in
# a build stage (with the toolchain npm may need), the runtime stage carries only production
# modules, the sources and their compiled copy, and runs as the unprivileged "node" user.
#
#   docker build -t vigi-sim .
#   docker run --rm -p 9090:9090 -e VIGI_SIM_TOKEN=secret vigi-sim            # the quickstart
#   docker run --rm -v "$PWD/my.yaml:/scenarios/scenario.yaml:ro" -e VIGI_SIM_TOKEN=secret \
#     vigi-sim up /scenarios/scenario.yaml --control 0.0.0.0:9090
#
# Scenarios are mounted under /scenarios (the shipped ones are at /app/scenarios). The control
# plane listens on 0.0.0.0:9090 inside the container, so it needs a token (VIGI_SIM_TOKEN).
# Device addresses (127.77.x.y) are the container's own: see docker-compose.yml for how clients
# reach them.

FROM node:20-alpine AS dependencies
WORKDIR /app
COPY package.json package-lock.json ./
# --ignore-scripts: the only install script is tap's (a dev tool); production needs none.
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund && npm cache clean --force

FROM node:20-alpine AS runtime
ENV NODE_ENV=production \
    VIGI_SIM_CONTROL=0.0.0.0:9090
WORKDIR /app
COPY --from=dependencies /app/node_modules ./node_modules
COPY package.json ./
COPY bin ./bin
COPY cli ./cli
COPY devices ./devices
COPY protocol ./protocol
COPY scenarios ./scenarios
COPY console ./console
RUN mkdir -p /scenarios /state dist && chown node:node /scenarios /state dist
USER node
# Compile once at build time (bin/compiled-sources.js), so every start skips the TypeScript loader.
RUN node bin/vigi-sim.js --version
EXPOSE 9090 8443 8080 5353/udp 3702/udp
HEALTHCHECK --interval=5s --timeout=3s --start-period=20s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:'+(process.env.VIGI_SIM_CONTROL||'').split(':').pop()+'/__sim/health',{headers:process.env.VIGI_SIM_TOKEN?{authorization:'Bearer '+process.env.VIGI_SIM_TOKEN}:{}}).then(r=>process.exit(r.status===200?0:1),()=>process.exit(1))"
ENTRYPOINT ["node", "/app/bin/vigi-sim.js"]
CMD ["up", "/app/scenarios/quickstart.yaml"]
