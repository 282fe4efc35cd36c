import { Router } from 'express';

import { currentMember } from '../auth/authenticated-member';
import { ForbiddenError } from '../errors';
import { okAnswer, type OpenApiObject } from '../http/openapi-parts';
import { type Operation, operationRouter, operationRows, type OperationTable } from '../http/operations';
import { READMODEL_ROLES } from '../readmodel/routes';
import type { MonitoringStatusSource } from './status';

/** Where the monitoring router is mounted. */
export const MONITORING_BASE_PATH = '/v1/monitoring';

/** Node health and alerts name every node of every organisation: the explorer's users only, as for the read model. */
export const MONITORING_ROLES: readonly string[] = READMODEL_ROLES;

interface MonitoringDeps {
  readonly source: Pick<MonitoringStatusSource, 'status'>;
}

const TEXT = { type: 'string' };
const shape = (properties: OpenApiObject): OpenApiObject => ({ type: 'object', required: Object.keys(properties), properties });

const SCHEMAS: OpenApiObject = {
  MonitoringStatus: shape({
    configured: { type: 'boolean', description: 'false when neither LOULAN_PROMETHEUS_URL nor LOULAN_ALERTMANAGER_URL is set' },
    nodes: {
      type: 'array',
      nullable: true,
      description: "Prometheus' scrape targets; null when not configured or unreachable",
      items: shape({ node: TEXT, kind: TEXT, health: { type: 'string', enum: ['up', 'down', 'unknown'] }, lastError: TEXT }),
    },
    alerts: {
      type: 'array',
      nullable: true,
      description: "Alertmanager's active alerts; null when not configured or unreachable",
      items: shape({
        name: TEXT,
        severity: TEXT,
        node: { type: 'string', nullable: true },
        summary: TEXT,
        startsAt: { type: 'string', format: 'date-time' },
      }),
    },
    problems: { type: 'array', items: TEXT, description: 'why a configured service gave no answer' },
  }),
};

const op = operationRows<MonitoringDeps>();

/** The monitoring route of the explorer's dashboard (docs/operations.md, "Monitoring"). */
export const MONITORING_OPERATIONS: OperationTable<Operation<MonitoringDeps>> = {
  module: 'monitoring',
  basePath: MONITORING_BASE_PATH,
  description:
    'Node health from Prometheus and firing alerts from Alertmanager (docs/operations.md); auditors and admins only (403 otherwise).',
  schemas: SCHEMAS,
  operations: [
    op.json({
      method: 'get',
      path: '/status',
      name: 'Status',
      summary: 'Health of every monitored node and the active alerts',
      answer: okAnswer('MonitoringStatus'),
      run: ({ source }) => source.status(),
    }),
  ],
};

/** The router of {@link MONITORING_OPERATIONS}, relative to {@link MONITORING_BASE_PATH}. Mount behind the authentication middleware. */
export function monitoringRoutes(source: Pick<MonitoringStatusSource, 'status'>): Router {
  const router = Router();
  router.use((_req, res, next) => {
    if (!MONITORING_ROLES.includes(currentMember(res).role)) {
      throw new ForbiddenError('monitoring is for auditors and the platform admin');
    }
    next();
  });
  return operationRouter(MONITORING_OPERATIONS, { source }, router);
}
