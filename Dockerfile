# gitfed container image: `docker build -t gitfed .` then `docker run --rm gitfed demo`.
# Two stages, so that the image holds no compiler, dev dependencies or sources.

# Build stage: the TypeScript build needs the dev dependencies.
FROM node:20-slim AS build
WORKDIR /src
COPY package.json package-lock.json ./
# --ignore-scripts: `prepare` would build before the sources are copied
RUN npm ci --ignore-scripts
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY scripts ./scripts
RUN npm run build

# Runtime stage: production dependencies only, git for local repositories, a non-root user.
FROM node:20-slim
ENV NODE_ENV=production
RUN apt-get update \
    && apt-get install -y --no-install-recommends git ca-certificates \
    && rm -rf /var/lib/apt/lists/* \
    && groupadd --system --gid 10001 gitfed \
    && useradd --system --uid 10001 --gid gitfed --home-dir /home/gitfed --create-home gitfed
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts && npm cache clean --force
COPY --from=build /src/dist ./dist
# the demo (`gitfed demo`) reconciles this example
COPY examples/policy-repo ./examples/policy-repo
# the dashboard's page: a reconciler with --listen reads it at start (src/server/dashboard-routes.ts, from dist/server)
COPY web/dashboard ./web/dashboard
# numeric, so that Kubernetes can check runAsNonRoot
USER 10001:10001
# the default .gitfed-cache goes to the user's home
WORKDIR /home/gitfed
EXPOSE 8080
# a running reconciler makes mostly short-lived garbage: a larger young generation cut its CPU per commit by a
# fifth at 200 clusters (BENCHMARKS.md, watch), for up to about 100 MiB more memory
ENTRYPOINT ["node", "--max-semi-space-size=64", "/app/dist/cli/main.js"]
CMD ["--help"]
