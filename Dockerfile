# The worker image for docker-compose.yml: compiled JavaScript on Node 22 LTS, production dependencies only,
# running as the unprivileged `node` user. Two stages: the build has TypeScript and the dev dependencies; the
# image that runs has neither.
# The base image by tag and digest (docker-compose.yml passes NODE_IMAGE_DIGEST from .env: the deployer records the
# digest they verified).
ARG NODE_IMAGE_DIGEST
FROM node:22.12.0-bookworm-slim@sha256:${NODE_IMAGE_DIGEST} AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --include=dev --no-audit --no-fund
COPY . .
# tsc to dist/ (type-checked), and the workflow bundle (dist/workflow-bundle.js), so the worker neither compiles
# nor bundles at start.
RUN npm run build

FROM node:22.12.0-bookworm-slim@sha256:${NODE_IMAGE_DIGEST}
WORKDIR /app
ENV NODE_ENV=production
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/dist ./dist
# The portal's page templates, beside its compiled code (`node dist/portal/run.js`, the compose file's portal).
COPY --from=build /app/portal/views ./dist/portal/views
ENV WORKFLOW_BUNDLE_PATH=/app/dist/workflow-bundle.js \
    CODEC_STRICT=true \
    ESR_INBOX_DIR=/inbox \
    LOG_FORMAT=json
RUN mkdir -p /data && chown node:node /data
USER node
# The heap capped as `npm run worker` caps it: V8 would otherwise grow towards a quarter of the host's memory.
CMD ["node", "--max-old-space-size=256", "dist/workers/main.js"]
