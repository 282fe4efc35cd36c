/**
 * The deployed gateway's operation tables (gateway/README.md, "Operation tables"): its live
 * /openapi.json names every operation `<module>.<Name>`, once, and every path parameter of every /v1
 * operation is checked by the running gateway before anything reaches the ledger: a malformed one is
 * answered 400 VALIDATION_FAILED naming it.
 */
import { gatewayUrl } from '../../support/fabric';
import { orgAdminKey } from '../../support/rest';

interface LiveOperation {
  readonly operationId?: string;
  readonly tags?: readonly string[];
}

let paths: Readonly<Record<string, Readonly<Record<string, LiveOperation>>>>;

beforeAll(async () => {
  const response = await fetch(`${gatewayUrl()}/openapi.json`);
  expect(response.status).toBe(200);
  paths = ((await response.json()) as { paths: typeof paths }).paths;
});

function operations(): { method: string; path: string; operation: LiveOperation }[] {
  return Object.entries(paths).flatMap(([path, byMethod]) =>
    Object.entries(byMethod).map(([method, operation]) => ({ method, path, operation })),
  );
}

describe('the live OpenAPI document', () => {
  it('names every operation <module>.<Name>, once, its module being its tag', () => {
    const all = operations();
    const ids = all.map(({ operation }) => operation.operationId ?? '');

    expect(all.length).toBeGreaterThan(100);
    expect(ids.filter((id) => !/^[a-z]+\.[A-Z][A-Za-z]*$/.test(id))).toEqual([]);
    expect(
      all.filter(({ operation }) => operation.operationId?.split('.')[0] !== operation.tags?.[0]).map((o) => `${o.method} ${o.path}`),
    ).toEqual([]);
    expect(new Set(ids).size).toBe(ids.length);
  });
});

describe('path parameters on the running gateway', () => {
  it('refuses a malformed one on every /v1 operation with 400 VALIDATION_FAILED naming it', async () => {
    // The platform admin: every role check of the gateway lets it through to input validation.
    const apiKey = orgAdminKey('platform');
    const withParameters = operations().filter(({ path }) => path.startsWith('/v1/') && path.includes('{'));
    expect(withParameters.length).toBeGreaterThan(60);

    const answers: string[] = [];
    const expected: string[] = [];
    for (const { method, path } of withParameters) {
      const names = [...path.matchAll(/\{(\w+)\}/g)].map(([, name = '']) => name).sort();
      const response = await fetch(`${gatewayUrl()}${path.replace(/\{\w+\}/g, '%20bad')}`, {
        method: method.toUpperCase(),
        headers: { authorization: `Bearer ${apiKey}`, 'idempotency-key': 'path-check-1', 'content-type': 'application/json' },
        body: method === 'get' ? undefined : '{}',
      });
      const body = (await response.json()) as { code?: string; details?: { fields?: Record<string, unknown> } };
      answers.push(
        `${method} ${path} ${response.status} ${body.code ?? ''} ${Object.keys(body.details?.fields ?? {})
          .sort()
          .join(',')}`,
      );
      expected.push(`${method} ${path} 400 VALIDATION_FAILED ${names.join(',')}`);
    }

    expect(answers).toEqual(expected);
  });
});
