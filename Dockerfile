# One image for every Levain service; docker-compose.yml picks the command.
# Stage 1: production dependencies only. `npm ci` fails when package-lock.json does not match
# package.json; --omit=dev leaves out the embedded Postgres, the `node` npm package (the image
# has its own Node), GraphiQL, pino-pretty and the test and benchmark tools.
FROM node:24-bookworm-slim AS dependencies
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund

# Stage 2: the runtime, as the unprivileged `node` user of the base image. Services run with the
# image's node and tsx from node_modules (no build step); production requires DATABASE_URL and
# REDIS_URL, so nothing here starts a database.
FROM node:24-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production HOST=0.0.0.0
COPY --from=dependencies /app/node_modules ./node_modules
COPY . .
USER node
EXPOSE 4000 4001 4002 4003 4004 4005
CMD ["node_modules/.bin/tsx", "gateway/index.ts"]
