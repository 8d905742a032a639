import { describe, expect, it } from 'vitest';
import { routeOf } from '../../../emulator/host.ts';

const route = (
  host: string,
  extra: { path?: string; query?: Record<string, string> } = {},
) =>
  routeOf(
    {
      host,
      path: extra.path ?? '/',
      query: extra.query ?? {},
      headers: {},
    },
    'cn-hangzhou',
  );

describe('routing a request by its Host header', () => {
  it('reads the project and region from an SLS project host', () => {
    expect(route('demo-proj.cn-shanghai.log.localhost:4510')).toEqual({
      service: 'sls',
      region: 'cn-shanghai',
      project: 'demo-proj',
    });
  });

  it('reads the region alone from a bare SLS region host', () => {
    expect(route('cn-beijing.log.localhost:4510')).toEqual({
      service: 'sls',
      region: 'cn-beijing',
    });
  });

  it('takes the project before ".@" and the default region', () => {
    expect(route('demo-proj.@127.0.0.1:4510')).toEqual({
      service: 'sls',
      region: 'cn-hangzhou',
      project: 'demo-proj',
    });
  });

  it('reads the bare "@" loopback host as the default region', () => {
    expect(route('@127.0.0.1:4510')).toEqual({
      service: 'sls',
      region: 'cn-hangzhou',
    });
  });

  it('sends a KMS region host to KMS with that region', () => {
    expect(route('kms.ap-southeast-1.localhost:4510')).toEqual({
      service: 'kms',
      region: 'ap-southeast-1',
    });
  });

  it('tells KMS from SLS on a bare loopback host by the Action', () => {
    expect(
      route('127.0.0.1:4510', { query: { Action: 'DescribeKey' } }),
    ).toEqual({ service: 'kms', region: 'cn-hangzhou' });
    expect(route('127.0.0.1:4510')).toEqual({
      service: 'sls',
      region: 'cn-hangzhou',
    });
  });

  it('sends /_sink/ paths to the webhook sink on any host', () => {
    expect(
      route('127.0.0.1:1', { path: '/_sink/slack/services/a/b/c' }),
    ).toEqual({ service: 'sink', region: 'cn-hangzhou' });
  });

  it('refuses hosts that name no local service or a malformed region', () => {
    expect(route('example.com')).toBeUndefined();
    expect(route('kms.not_a_region.localhost:1')).toBeUndefined();
    expect(route('proj.Hangzhou.log.localhost:1')).toBeUndefined();
  });
});
