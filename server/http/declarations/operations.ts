/** What operators and developers use: health, metrics, and this API's own description. */
import { z } from 'zod';
import { HealthBody } from '../../contract/api.js';
import { declareRoute, errors, jsonContent } from './shared.js';

const tags = ['Operations'];

export const health = declareRoute({
  method: 'get',
  path: '/healthz',
  tags,
  summary: 'Ready to serve?',
  description: 'Redis being down degrades pushes to other nodes only, so it stays 200.',
  responses: {
    200: jsonContent(HealthBody, 'Ready'),
    503: jsonContent(HealthBody, 'Starting, stopping, or the database does not answer'),
    ...errors([]),
  },
});

export const metrics = declareRoute({
  method: 'get',
  path: '/metrics',
  tags,
  summary: 'Prometheus metrics',
  description:
    'Needs `Authorization: Bearer <METRICS_TOKEN>` when METRICS_TOKEN is set; without it, open in development and absent (404) in production.',
  security: [{ metricsToken: [] }],
  request: {
    headers: z.object({ authorization: z.string().optional().meta({ description: 'Bearer <METRICS_TOKEN>' }) }),
  },
  responses: {
    200: { description: 'Prometheus text exposition', content: { 'text/plain': { schema: z.string() } } },
    ...errors([401, 404], { 401: 'unauthorized: METRICS_TOKEN is set and this is not it', 404: 'not_found: production without METRICS_TOKEN' }),
  },
});

export const openApiDocument = declareRoute({
  method: 'get',
  path: '/api/openapi.json',
  tags,
  summary: 'This document (OpenAPI 3.1)',
  responses: {
    200: jsonContent(z.looseObject({ openapi: z.string() }), 'Generated from the route declarations'),
    ...errors([]),
  },
});

export const apiDocs = declareRoute({
  method: 'get',
  path: '/api/docs',
  tags,
  summary: 'An interactive reference of this API',
  responses: {
    200: { description: 'An HTML page rendering /api/openapi.json', content: { 'text/html': { schema: z.string() } } },
    ...errors([]),
  },
});
