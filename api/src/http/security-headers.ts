import { createHash } from 'node:crypto';
import type { RequestHandler } from 'express';
import helmet from 'helmet';

/**
 * Security headers on every response (helmet), with a Content-Security-Policy that fits the built console: scripts
 * only from careline's own origin (Vite emits no inline script), inline styles allowed because Ant Design writes its
 * CSS-in-JS into <style> tags, images from itself and `data:` (the favicon, QR codes), and live updates over
 * same-origin WebSockets. No page may frame careline (clickjacking of the admin pages). HSTS only behind https.
 */
export function securityHeaders(publicUrl: string): RequestHandler {
  const url = new URL(publicUrl);
  const https = url.protocol === 'https:';
  const websocketOrigin = `${https ? 'wss' : 'ws'}://${url.host}`;
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'", 'data:'],
        connectSrc: ["'self'", websocketOrigin],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        // Only behind https: on a plain-http install (a LAN address) it would send every asset request to a port
        // that does not answer.
        ...(https ? { upgradeInsecureRequests: [] } : {}),
      },
    },
    strictTransportSecurity: https ? { maxAge: 180 * 24 * 60 * 60, includeSubDomains: false } : false,
    // `same-origin`, not helmet's `no-referrer`: under no-referrer a browser sends `Origin: null` on the console's own
    // writes, which the cross-origin check would refuse. Other sites still learn nothing (no ticket URLs leak).
    referrerPolicy: { policy: 'same-origin' },
    xFrameOptions: { action: 'deny' },
  });
}

/**
 * The policy for a self-contained HTML page of the API's own (the /api/docs reader): its inline <script> elements are
 * allowed by their SHA-256, nothing else inline, nothing from elsewhere.
 */
export function inlinePagePolicy(html: string): string {
  const hashes = [...html.matchAll(/<script>([\s\S]*?)<\/script>/g)].map((match) => `'sha256-${createHash('sha256').update(match[1]).digest('base64')}'`);
  return [
    "default-src 'self'",
    `script-src ${hashes.join(' ') || "'none'"}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}
