# Lagebot as a container: Node.js 24 running the bot compiled to JavaScript at image build time (a
# build stage with the dev dependencies runs `npm run build`; running the .ts sources would carry
# Node's TypeScript stripper, about 16 MB resident), a non-root user, the database on the /data
# volume, and a health check against /health.
#
#   docker build -t lagebot .
#   docker run -d --name lagebot -v lagebot-data:/data -v /etc/lagebot/config.json:/config/config.json:ro \
#     -e LAGEBOT_ACCESS_TOKEN=syt_… -p 127.0.0.1:9464:9464 lagebot
#
# The config must say "dataDir": "/data" and, for the health check, "metrics": {"port": 9464,
# "host": "0.0.0.0"} (0.0.0.0 only inside the container; publish the port to loopback as above).
#
# End-to-end encryption: `npm ci` runs the postinstall of @matrix-org/matrix-sdk-crypto-nodejs,
# which downloads its native library from GitHub. Without access to GitHub the download fails (our
# postinstall says so) and the image can only run with "encryption": false; the bot then says so at
# start. Build where GitHub is reachable, or build the library with the offline route on a host with
# the image's Debian release or an older one (glibc; `LAGEBOT_CRYPTO_SOURCE=… npm run crypto`) and copy
# it from the cache (~/.cache/lagebot/crypto/<sha256>/matrix-sdk-crypto.linux-x64-gnu.node) into
# /app/node_modules/@matrix-org/matrix-sdk-crypto-nodejs/ in a later step.

FROM node:24-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
COPY scripts/check-node.mjs scripts/postinstall.mjs scripts/ensure-crypto.sh ./scripts/
# All dependencies, for the compiler and the types; the E2EE download may fail here, it is not needed.
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY scripts/build.mjs ./scripts/
COPY src ./src
COPY commands ./commands
RUN node scripts/build.mjs

FROM node:24-slim

# better-sqlite3 ships its native binaries inside the npm package: no compiler needed.
WORKDIR /app
COPY package.json package-lock.json ./
# npm ci runs these: the Node version check first, the E2EE check after the install.
COPY scripts/check-node.mjs scripts/postinstall.mjs scripts/ensure-crypto.sh ./scripts/
RUN npm ci --omit=dev --no-audit --no-fund \
 && npm cache clean --force

COPY --from=build /app/dist ./dist
COPY migrations ./migrations
# `npm run audit:verify` runs from the sources (Node's type stripping), like the tools in scripts/.
COPY src ./src
COPY commands ./commands
COPY scripts/audit-verify.ts ./scripts/

# A fixed UID/GID, so a host directory mounted at /data can be given to it.
RUN groupadd --system --gid 10001 lagebot \
 && useradd --system --uid 10001 --gid lagebot --home-dir /data --shell /usr/sbin/nologin lagebot \
 && mkdir -p /data /config \
 && chown lagebot:lagebot /data
VOLUME ["/data"]
USER 10001:10001

ENV NODE_ENV=production \
    LAGEBOT_CONFIG=/config/config.json
EXPOSE 9464

HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:9464/health').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]

# The same flags as `npm start`: a 1 MB young generation, V8's memory-saving heuristics, and the
# baseline compiler only (no optimizing compilers TurboFan and Maglev: about 10 MB less, a little more CPU;
# regular expressions are still compiled). README, "Memory".
# SIGTERM reaches node directly: it finishes the command in hand, closes the database, exits 0.
STOPSIGNAL SIGTERM
CMD ["node", "--max-semi-space-size=1", "--optimize-for-size", "--no-opt", "--no-maglev", "dist/src/main.js"]
