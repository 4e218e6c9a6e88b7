# One image for every Levain service; docker-compose.yml picks the command.
FROM node:24-bookworm-slim
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund
COPY . .
ENV NODE_ENV=production HOST=0.0.0.0
EXPOSE 4000 4001 4002 4003 4004 4005
CMD ["node_modules/.bin/tsx", "gateway/index.ts"]
