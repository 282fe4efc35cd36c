import request from 'supertest';

import { startServer } from '../src/server';

describe('startServer', () => {
  it('listens on the port the OS picked and reports it in the URL', async () => {
    const server = await startServer((_req, res) => res.end('hi'), '127.0.0.1', 0);
    try {
      expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(server.url).not.toMatch(/:0$/);

      const response = await request(server.url).get('/');
      expect(response.text).toBe('hi');
    } finally {
      await server.close();
    }
  });

  it('stops accepting connections once closed', async () => {
    const server = await startServer((_req, res) => res.end('hi'), '127.0.0.1', 0);

    await server.close();

    await expect(request(server.url).get('/')).rejects.toThrow(/ECONNREFUSED/);
  });

  it('rejects when the port is already taken', async () => {
    const taken = await startServer((_req, res) => res.end(), '127.0.0.1', 0);
    const port = Number(new URL(taken.url).port);
    try {
      await expect(startServer((_req, res) => res.end(), '127.0.0.1', port)).rejects.toThrow(/EADDRINUSE/);
    } finally {
      await taken.close();
    }
  });
});
