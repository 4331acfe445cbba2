# One image for the API and the workers; the command picks the role (see docker-compose.yml).
FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production
COPY package.json package-lock.json ./
COPY shared/package.json shared/
COPY api/package.json api/
COPY workers/package.json workers/
COPY console/package.json console/
RUN npm install --no-audit --no-fund
COPY . .
EXPOSE 8080
CMD ["npm", "run", "start:api"]
