import { describe, expect, it } from 'vitest';
import {
  createDeadline,
  deadlineFromContext,
  SAFETY_MARGIN_MS,
} from '../../../shared/deadline.ts';
import { fakeTime } from './fake-time.ts';

const fcContext = (timeoutSeconds: number) => ({
  function: { timeout: timeoutSeconds },
});

describe('deadline', () => {
  it('counts down with the injected clock and never goes negative', () => {
    const clock = fakeTime();
    const deadline = createDeadline(clock, 1_000);

    clock.advance(400);
    expect(deadline.remainingMs()).toBe(600);
    expect(deadline.expired()).toBe(false);

    clock.advance(700);
    expect(deadline.remainingMs()).toBe(0);
    expect(deadline.expired()).toBe(true);
  });

  it('keeps two seconds back from a 60 s function', () => {
    const clock = fakeTime();

    const deadline = deadlineFromContext(fcContext(60), clock);

    expect(deadline.remainingMs()).toBe(60_000 - SAFETY_MARGIN_MS);
  });

  it('keeps back only a fifth of a 3 s function', () => {
    const clock = fakeTime();

    const deadline = deadlineFromContext(fcContext(3), clock);

    expect(deadline.remainingMs()).toBe(2_400);
  });

  it('gives one call its own timeout while plenty of time is left', () => {
    const clock = fakeTime();
    const deadline = createDeadline(clock, 10_000);

    const call = deadline.child(3_000);

    expect(call.remainingMs()).toBe(3_000);
    expect(deadline.remainingMs()).toBe(10_000);
  });

  it('cuts a call short when the invocation ends first', () => {
    const clock = fakeTime();
    const deadline = createDeadline(clock, 10_000);
    clock.advance(8_500);

    const call = deadline.child(3_000);

    expect(call.remainingMs()).toBe(1_500);
    expect(call.at).toBe(deadline.at);
  });

  it('gives an expired deadline only expired children', () => {
    const clock = fakeTime();
    const deadline = createDeadline(clock, 100);
    clock.advance(200);

    expect(deadline.child(3_000).expired()).toBe(true);
  });
});
