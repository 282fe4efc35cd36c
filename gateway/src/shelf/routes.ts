import { Router, type Request } from 'express';
import { validateBody, validateInput } from '../http/validate';
import { DEFAULT_PAGE_SIZE } from '../http/dto-rules';
import { currentMember } from '../auth/authenticated-member';
import { idempotencyKey, sendWrite } from '../http/writes';
import type { ShelfContract } from './contract';
import { reportCsv } from './csv';
import {
  AgreementPathDto,
  BOARD_KINDS,
  BoardQueryDto,
  DEFAULT_REPORT_PAGE_SIZE,
  ClaimDeviceDto,
  DevicePathDto,
  DisputeDto,
  PartyPathDto,
  PostOfferDto,
  PostRequestDto,
  PostSiteDto,
  ProposeAgreementDto,
  RecordPaymentDto,
  RecordSalesDto,
  RegisterDeviceDto,
  ReportQueryDto,
  ResolveDisputeDto,
  ShelfDayPathDto,
  ShelfPathDto,
} from './dtos';

/** Where the shelf router is mounted. */
export const SHELF_BASE_PATH = '/v1/shelf';

/** Body limit of `POST /sales`: 500 lines, as the chaincode's batch document limit (256 KiB). */
export const SHELF_SALES_BODY_LIMIT = '256kb';

/**
 * The shelf REST API of docs/shelf.md, relative to {@link SHELF_BASE_PATH}. Mount it behind the
 * authentication middleware; roles and parties are checked by the chaincode.
 */
export function shelfRoutes(contract: ShelfContract): Router {
  const router = Router();

  router.post('/sites', async (req, res) => {
    const site = await validateBody(PostSiteDto, req.body);
    sendWrite(res, await contract.postSite(currentMember(res), idempotencyKey(req), site));
  });
  router.post('/offers', async (req, res) => {
    const { offerId, city, skus } = await validateBody(PostOfferDto, req.body);
    sendWrite(res, await contract.postOffer(currentMember(res), idempotencyKey(req), offerId, city, skus));
  });
  router.post('/requests', async (req, res) => {
    const { postingId, city, description } = await validateBody(PostRequestDto, req.body);
    sendWrite(res, await contract.postRequest(currentMember(res), idempotencyKey(req), postingId, city, description));
  });
  for (const [path, kind] of Object.entries(BOARD_KINDS)) {
    router.get(`/${path}`, async (req, res) => {
      const query = await validateInput(BoardQueryDto, req.query, 'query');
      const page = await contract.listBoard(currentMember(res), kind, query.city ?? '', query.pageSize ?? DEFAULT_PAGE_SIZE, query.bookmark ?? '');
      res.json(page);
    });
  }

  router.get('/shelves/:shelfId', async (req, res) => {
    const { shelfId } = await validateInput(ShelfPathDto, req.params, 'path');
    res.json(await contract.getShelf(currentMember(res), shelfId));
  });
  router.post('/shelves/:shelfId/agreements', async (req, res) => {
    const { shelfId } = await validateInput(ShelfPathDto, req.params, 'path');
    const proposal = await validateBody(ProposeAgreementDto, req.body);
    sendWrite(res, await contract.proposeAgreement(currentMember(res), idempotencyKey(req), shelfId, proposal));
  });
  for (const [action, sign] of [['sign', true], ['decline', false]] as const) {
    router.post(`/shelves/:shelfId/agreements/:version/${action}`, async (req, res) => {
      const { shelfId, version } = await validateInput(AgreementPathDto, req.params, 'path');
      sendWrite(res, await contract.answerAgreement(currentMember(res), idempotencyKey(req), shelfId, version, sign));
    });
  }
  router.post('/device-claims', async (req, res) => {
    const { operator } = await validateBody(ClaimDeviceDto, req.body);
    sendWrite(res, await contract.claimDevice(currentMember(res), idempotencyKey(req), operator));
  });
  router.post('/shelves/:shelfId/devices', async (req, res) => {
    const { shelfId } = await validateInput(ShelfPathDto, req.params, 'path');
    const { deviceId } = await validateBody(RegisterDeviceDto, req.body);
    sendWrite(res, await contract.registerDevice(currentMember(res), idempotencyKey(req), shelfId, deviceId));
  });
  router.post('/shelves/:shelfId/devices/:deviceId/unbind', async (req, res) => {
    const { shelfId, deviceId } = await validateInput(DevicePathDto, req.params, 'path');
    sendWrite(res, await contract.unbindDevice(currentMember(res), idempotencyKey(req), shelfId, deviceId));
  });

  router.post('/sales', async (req, res) => {
    const { lines } = await validateBody(RecordSalesDto, req.body);
    sendWrite(res, await contract.recordSales(currentMember(res), idempotencyKey(req), lines));
  });

  router.post('/shelves/:shelfId/days/:day/settle', async (req, res) => {
    const { shelfId, day } = await shelfDay(req);
    sendWrite(res, await contract.settleDay(currentMember(res), idempotencyKey(req), shelfId, day));
  });
  router.get('/shelves/:shelfId/days/:day/statement', async (req, res) => {
    const { shelfId, day } = await shelfDay(req);
    res.json(await contract.getStatement(currentMember(res), shelfId, day));
  });
  router.post('/shelves/:shelfId/days/:day/payment', async (req, res) => {
    const { shelfId, day } = await shelfDay(req);
    const { transferRef } = await validateBody(RecordPaymentDto, req.body);
    sendWrite(res, await contract.recordPayment(currentMember(res), idempotencyKey(req), shelfId, day, transferRef));
  });
  router.post('/shelves/:shelfId/days/:day/dispute', async (req, res) => {
    const { shelfId, day } = await shelfDay(req);
    const { reason } = await validateBody(DisputeDto, req.body);
    sendWrite(res, await contract.disputeStatement(currentMember(res), idempotencyKey(req), shelfId, day, reason));
  });
  router.post('/shelves/:shelfId/days/:day/resolution', async (req, res) => {
    const { shelfId, day } = await shelfDay(req);
    const resolution = await validateBody(ResolveDisputeDto, req.body);
    sendWrite(res, await contract.resolveDispute(currentMember(res), idempotencyKey(req), shelfId, day, resolution));
  });

  // One page per request, JSON or CSV alike (docs/shelf.md "Reconciliation report"): a CSV page is a whole
  // CSV file, header row included, and names the next page in a `Link: <…>; rel="next"` header.
  router.get('/reports/:party', async (req, res) => {
    const { party } = await validateInput(PartyPathDto, req.params, 'path');
    const { from, to, format, pageSize = DEFAULT_REPORT_PAGE_SIZE, bookmark = '' } = await validateInput(ReportQueryDto, req.query, 'query');
    const report = await contract.getReport(currentMember(res), party, from, to, pageSize, bookmark);
    if (format === 'csv') {
      if (report.bookmark !== '') {
        const next = new URLSearchParams({ from, to, format, pageSize: String(pageSize), bookmark: report.bookmark });
        res.links({ next: `${req.baseUrl}/reports/${encodeURIComponent(party)}?${next.toString()}` });
      }
      res.attachment(`shelf-report-${party}-${from}-${to}.csv`).type('text/csv; charset=utf-8').send(reportCsv(report));
      return;
    }
    res.json(report);
  });

  return router;
}

function shelfDay(req: Request): Promise<ShelfDayPathDto> {
  return validateInput(ShelfDayPathDto, req.params, 'path');
}
