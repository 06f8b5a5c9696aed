# syntax=docker/dockerfile:1
#
# One image for every process of the distributed mode (infra/deploy/compose.yaml, infra/deploy/k8s/):
#   node gateway/dist/src/distributed/service-main.js <service>   one service: consumer, restaurant, order,
#                                                                  kitchen, accounting, delivery, order-history
#   node gateway/dist/src/gateway-main.js                          the gateway (the default command)
#   node gateway/dist/src/seed/seed.js                             the demo data, through GATEWAY_URL
#
#   docker build -t ftgo:latest .

# Every package.json of the workspaces (and the lock file), so that `npm ci` below is cached until
# a dependency changes, whichever workspaces exist.
FROM node:20-slim AS manifests
WORKDIR /src
COPY . .
RUN mkdir /manifests \
 && find . \( -name node_modules -o -name dist \) -prune -o \( -name package.json -o -name package-lock.json -o -name .npmrc \) -print0 \
  | tar --null -cf - -T - | tar -xf - -C /manifests

FROM node:20-slim AS build
WORKDIR /app
COPY --from=manifests /manifests/ ./
RUN --mount=type=cache,target=/root/.npm npm ci
COPY . .
# TypeScript (tsc -b) and the offline GraphQL IDE bundle; then only what runs stays.
RUN npm run build && npm prune --omit=dev

FROM node:20-slim
ENV NODE_ENV=production \
    SUPERGRAPH_PATH=/app/schema/supergraph.graphql
WORKDIR /app
COPY --from=build /app /app
# The code stays root's and read-only; the unprivileged user may only write its data folder (seed state).
RUN mkdir -p /app/.data && chown node:node /app/.data
USER node
EXPOSE 4000
CMD ["node", "gateway/dist/src/gateway-main.js"]
