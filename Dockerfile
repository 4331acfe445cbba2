# One image for the API and the workers; the command picks the role (see docker-compose.yml).
FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production
COPY package.json package-lock.json ./
COPY shared/package.json shared/
COPY api/package.json api/
COPY workers/package.json workers/
COPY console/package.json console/
# Dev dependencies too: Vite builds the web console into the image below, then they are pruned.
RUN npm install --no-audit --no-fund --include=dev
COPY . .
RUN npm run build -w console && npm prune --omit=dev --no-audit --no-fund
EXPOSE 8080
CMD ["npm", "run", "start:api"]
