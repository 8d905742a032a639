import type { Ledger } from '../ledger.ts';
import type { World } from '../world.ts';

/**
 * Nothing was ever deleted or updated: keyguard only reads and creates
 * Logstores, and only reads keys. Every KMS call other than DescribeKey
 * must be one of the run's own key changes.
 */
const FORBIDDEN_SLS = new Set([
  'DeleteLogStore',
  'UpdateLogStore',
  'UpdateLogStoreEncryption',
  'DeleteProject',
]);

export const checkWrites = (world: World, ledger: Ledger): string[] => {
  const violations: string[] = [];
  const counts = world.cloud.control.callCounts();
  for (const [key, count] of Object.entries(counts)) {
    const [service, operation = ''] = key.split(':');
    if (service === 'sls' && FORBIDDEN_SLS.has(operation)) {
      violations.push(`SLS saw ${count} ${operation} call(s)`);
    }
  }
  const kmsWrites = Object.entries(counts)
    .filter(([key]) => key.startsWith('kms:') && key !== 'kms:DescribeKey')
    .reduce((sum, [, n]) => sum + n, 0);
  if (kmsWrites !== ledger.keyChanges.length) {
    violations.push(
      `KMS saw ${kmsWrites} calls other than DescribeKey; the run made ` +
        `${ledger.keyChanges.length} key changes`,
    );
  }
  return violations;
};
