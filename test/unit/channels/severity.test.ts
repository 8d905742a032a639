import { describe, expect, it } from 'vitest';
import {
  meetsMinSeverity,
  orderNotices,
} from '../../../shared/channels/severity.ts';
import { pendingDeletion } from './notices.ts';

describe('severity order', () => {
  it('treats unverified at warning level for minSeverity', () => {
    expect(meetsMinSeverity('unverified', 'warning')).toBe(true);
    expect(meetsMinSeverity('warning', 'unverified')).toBe(true);
    expect(meetsMinSeverity('unverified', 'critical')).toBe(false);
    expect(meetsMinSeverity('warning', 'critical')).toBe(false);
    expect(meetsMinSeverity('critical', 'warning')).toBe(true);
  });

  it('lists firing alerts before resolved ones, most severe first', () => {
    const resolved = pendingDeletion({ alertId: 'r', status: 'resolved' });
    const warning = pendingDeletion({ alertId: 'w', severity: 'warning' });
    const unverified = pendingDeletion({
      alertId: 'u',
      severity: 'unverified',
    });
    const critical = pendingDeletion({ alertId: 'c' });

    const ordered = orderNotices([resolved, warning, unverified, critical]);

    expect(ordered.map((n) => n.alertId)).toEqual(['c', 'w', 'u', 'r']);
  });
});
