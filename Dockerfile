# imwsi in a container (docs/deploy.md): a build stage that installs the dependencies (compiling better-sqlite3)
# and compiles the TypeScript to dist/, and a runtime stage with only what runs: the production dependencies,
# dist/, bin/ and package.json, as the unprivileged user `node`, the SQLite file on the volume /var/lib/imwsi.
#   docker build -t imwsi .
#   docker run -d -p 8080:8080 -v imwsi-data:/var/lib/imwsi -e IMWSI_DOMAIN=example.com imwsi
# test/deploy/dockerfile.test.ts runs these same stages locally (scripts/docker-stages.mjs): no image registry here.

FROM node:20-bookworm-slim AS build
WORKDIR /app
# node-gyp's tools, for better-sqlite3 when no prebuilt binary can be fetched.
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json tsconfig.json tsconfig.build.json ./
COPY scripts ./scripts
COPY bin ./bin
COPY src ./src
COPY db ./db
COPY types ./types
COPY wsdl ./wsdl
# npm ci runs `prepare`, which compiles src/ and db/ into dist/. sqlite3, the optional second driver, is left out.
RUN npm ci --omit=optional --no-audit --no-fund
RUN npm prune --omit=dev --omit=optional --no-audit --no-fund

FROM node:20-bookworm-slim AS runtime
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build /app/package.json ./package.json
COPY --from=build /app/bin ./bin
COPY --from=build /app/dist ./dist
COPY --from=build /app/node_modules ./node_modules
RUN mkdir -p /var/lib/imwsi && chown node:node /var/lib/imwsi
USER node
# The database and, unless IMWSI_SECRET_KEY is given, the key file imwsi.key beside it.
VOLUME /var/lib/imwsi
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:8080/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
ENTRYPOINT ["node", "bin/imwsi.js"]
CMD ["serve", "--host", "0.0.0.0", "--port", "8080", "--db", "/var/lib/imwsi/imwsi.sqlite"]
