import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { jsonSchemaTransform } from 'fastify-type-provider-zod';

/** OpenAPI generated from the routes' zod schemas: JSON at /docs/json, UI at /docs. */
export const openApiPlugin = fp<{ version: string; publicUrl: string }>(
  async (app: FastifyInstance, { version, publicUrl }) => {
    await app.register(swagger, {
      openapi: {
        info: {
          title: 'Parley API',
          version,
          description:
            'Admin API (`/api/v1`). Authenticate with the session cookie (send `x-csrf-token` on writes) or `Authorization: Bearer <API key>`. Select the organization with `x-parley-org`. Errors are RFC 9457 problem+json with a stable `code`.',
        },
        servers: [{ url: publicUrl }],
        components: {
          securitySchemes: {
            apiKey: { type: 'http', scheme: 'bearer', description: 'pk_… API key' },
            session: { type: 'apiKey', in: 'cookie', name: 'parley_session' },
          },
        },
        security: [{ apiKey: [] }, { session: [] }],
      },
      transform: jsonSchemaTransform,
    });
    await app.register(swaggerUi, { routePrefix: '/docs' });
  },
  { name: 'parley-openapi' },
);
