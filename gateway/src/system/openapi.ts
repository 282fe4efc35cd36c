import { ADMITTED_ORG_ROLES, MSP_ID_PATTERN } from '@loulan/protocol';

import { bodySchema as body, type OpenApiObject } from '../http/openapi-parts';

/** An MSP id the ledger admits. */
export const MSP_ID_SCHEMA: OpenApiObject = { type: 'string', pattern: MSP_ID_PATTERN.source, example: 'PartnerMSP' };

/** The request body, mirroring ./dtos.ts; the answers are the write result schema `SystemAdmitOrganisationResult`. */
export const SYSTEM_SCHEMAS: OpenApiObject = {
  SystemAdmitOrganisation: body({
    mspId: {
      ...MSP_ID_SCHEMA,
      description: 'the MSP id of an organisation that joined the channel; not PlatformMSP, RetailMSP or BankMSP',
    },
    roles: {
      type: 'array',
      minItems: 1,
      maxItems: ADMITTED_ORG_ROLES.length,
      uniqueItems: true,
      items: { type: 'string', enum: [...ADMITTED_ORG_ROLES] },
      description: "the roles the organisation's CA may issue; never admin or consumer, which are the platform's",
    },
  }),
};
