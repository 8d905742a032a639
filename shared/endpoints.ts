import { KeyguardError } from './errors.ts';

/**
 * Every endpoint is built from one template per service with a `{region}`
 * placeholder. In the cloud that is `{region}-intranet.log.aliyuncs.com`
 * inside FC and `kms-vpc.{region}.aliyuncs.com`; on the local cloud regions
 * are told apart by host name under `*.localhost`.
 */
export interface EndpointSet {
  /** SLS endpoint template, e.g. `{region}.log.aliyuncs.com`. */
  readonly sls: string;
  /** KMS endpoint template, e.g. `kms.{region}.aliyuncs.com`. */
  readonly kms: string;
  readonly protocol: 'http' | 'https';
}

export const PUBLIC_ENDPOINTS: EndpointSet = {
  sls: '{region}.log.aliyuncs.com',
  kms: 'kms.{region}.aliyuncs.com',
  protocol: 'https',
};

/** What a function deployed in the region's VPC should use. */
export const INTRANET_ENDPOINTS: EndpointSet = {
  sls: '{region}-intranet.log.aliyuncs.com',
  kms: 'kms-vpc.{region}.aliyuncs.com',
  protocol: 'https',
};

export const localEndpoints = (port: number): EndpointSet => ({
  sls: `{region}.log.localhost:${port}`,
  kms: `kms.{region}.localhost:${port}`,
  protocol: 'http',
});

const REGION_PATTERN = /^[a-z]{2,}(-[a-z0-9]+)+$/;

export const isRegionId = (value: string): boolean =>
  REGION_PATTERN.test(value);

/**
 * A region that is no region id names no endpoint: the caller learns it
 * before any call is made, as a request error nothing should retry.
 */
export const endpointFor = (template: string, region: string): string => {
  if (!template.includes('{region}')) {
    throw new KeyguardError(`endpoint template "${template}" lacks {region}`, {
      code: 'invalid_endpoint',
      status: 500,
      context: { template },
    });
  }
  if (!isRegionId(region)) {
    throw new KeyguardError(
      `"${region}" is not a region id such as cn-hangzhou`,
      { code: 'invalid_region', status: 400, context: { region } },
    );
  }
  return template.replaceAll('{region}', region);
};
