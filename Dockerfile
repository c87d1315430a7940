# The worker image for docker-compose.yml: `npm run worker` against the servers the environment names.
FROM node:20-slim

WORKDIR /app

# Dependencies first, so a source change does not reinstall them. Dev dependencies are kept on purpose: the
# worker runs under tsx (see package.json), and `npm run build` needs TypeScript.
COPY package.json package-lock.json ./
RUN npm ci --include=dev --no-audit --no-fund

COPY . .

# Type-checks the build and prebuilds the workflow bundle (dist/workflow-bundle.js), so the worker does not
# bundle at every start.
RUN npm run build

# After npm ci: with NODE_ENV=production set earlier, npm would leave out the dev dependencies the worker needs.
ENV NODE_ENV=production \
    WORKFLOW_BUNDLE_PATH=/app/dist/workflow-bundle.js \
    ESR_INBOX_DIR=/inbox \
    LOG_FORMAT=json

USER node

CMD ["npm", "run", "worker"]
