import { z } from 'zod';
import { defineContract } from './contract';

export const openApiDocumentContract = defineContract({
  method: 'get',
  path: '/openapi.json',
  tag: 'docs',
  summary: 'This document: OpenAPI 3.1, generated from the endpoint contracts',
  access: 'public',
  success: { status: 200, body: z.looseObject({ openapi: z.literal('3.1.0'), paths: z.record(z.string(), z.unknown()) }) },
});

export const apiDocsPageContract = defineContract({
  method: 'get',
  path: '/docs',
  tag: 'docs',
  summary: 'A readable page of this document (no CDN needed)',
  access: 'public',
  produces: 'text/html',
  success: { status: 200, body: null, description: 'An HTML page' },
});
