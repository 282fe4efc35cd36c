import { Router } from 'express';
import swaggerUi from 'swagger-ui-express';
import { openApiDocument } from './openapi';

/** `/openapi.json` (the document) and `/docs` (Swagger UI, served from the package, no CDN). */
export function docsRoutes(): Router {
  const document = openApiDocument();
  const router = Router();
  router.get('/openapi.json', (_req, res) => {
    res.json(document);
  });
  router.use('/docs', swaggerUi.serve, swaggerUi.setup(document, { customSiteTitle: 'Loulan gateway API' }));
  return router;
}
