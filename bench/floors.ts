/**
 * The physical floor of a scan: what any scanner must ask SLS and KMS to
 * learn every Logstore's key and every key's state, with SLS's largest
 * page (500, platform-facts §1). keyguard is measured against these.
 */
export const MAX_PAGE = 500;

const pages = (items: number, pageSize: number): number =>
  Math.max(1, Math.ceil(items / pageSize));

export interface ScanShape {
  /** Logstores per project, one entry per project. */
  readonly logstoresPerProject: readonly number[];
  readonly distinctKeys: number;
}

export interface ScanFloor {
  readonly listProject: number;
  readonly listLogStores: number;
  readonly getLogStore: number;
  readonly describeKey: number;
  readonly total: number;
}

const floorOf = (
  shape: ScanShape,
  getLogStore: number,
  pageSize: number,
): ScanFloor => {
  const listProject = pages(shape.logstoresPerProject.length, pageSize);
  const listLogStores = shape.logstoresPerProject.reduce(
    (sum, n) => sum + pages(n, pageSize),
    0,
  );
  const describeKey = shape.distinctKeys;
  return {
    listProject,
    listLogStores,
    getLogStore,
    describeKey,
    total: listProject + listLogStores + getLogStore + describeKey,
  };
};

/** A first scan: every Logstore is read once. */
export const coldScanFloor = (
  shape: ScanShape,
  pageSize = MAX_PAGE,
): ScanFloor =>
  floorOf(
    shape,
    shape.logstoresPerProject.reduce((sum, n) => sum + n, 0),
    pageSize,
  );

/** A later scan: the listings again, and only the new Logstores read. */
export const repeatScanFloor = (
  shape: ScanShape,
  newLogstores: number,
  pageSize = MAX_PAGE,
): ScanFloor => floorOf(shape, newLogstores, pageSize);

export interface IdealWallInput {
  readonly slsCalls: number;
  readonly kmsCalls: number;
  readonly latencyMs: number;
  /** Calls in flight at once, overall. */
  readonly concurrency: number;
  /** keyguard's own cap on DescribeKey per second and region. */
  readonly kmsQps: number;
}

/**
 * The wall time of a scan that keeps `concurrency` calls in flight all
 * the time: the SLS phase, then the key phase, which cannot beat the KMS
 * rate cap either (at most `kmsQps` starts in any one-second window, so
 * the n-th key starts no sooner than ⌊n ÷ kmsQps⌋ seconds in).
 */
export const idealWallMs = (input: IdealWallInput): number => {
  const { latencyMs, concurrency } = input;
  const sls = (input.slsCalls * latencyMs) / concurrency;
  const kmsByConcurrency = (input.kmsCalls * latencyMs) / concurrency;
  const kmsByRate =
    input.kmsCalls === 0
      ? 0
      : Math.floor((input.kmsCalls - 1) / input.kmsQps) * 1_000 + latencyMs;
  return sls + Math.max(kmsByConcurrency, kmsByRate);
};
