export interface Call {
  readonly url: string;
  readonly headers: Record<string, string>;
  readonly body: Record<string, unknown>;
  readonly at: number;
}

type Answer =
  | {
      readonly status: number;
      readonly body: string;
      readonly headers?: Record<string, string>;
    }
  | 'network-error'
  | 'hang';

/**
 * A stand-in for fetch that answers from a script, one answer per call,
 * repeating the last. Integration tests use the real sink instead.
 */
export const scriptedFetch = (...answers: Answer[]) => {
  const calls: Call[] = [];
  const fetch = async (
    input: string | URL | Request,
    init?: RequestInit,
  ): Promise<Response> => {
    calls.push({
      url: String(input),
      headers: { ...(init?.headers as Record<string, string>) },
      body: JSON.parse(String(init?.body)) as Record<string, unknown>,
      at: Date.now(),
    });
    const answer = answers[Math.min(calls.length, answers.length) - 1];
    if (answer === undefined || answer === 'network-error') {
      throw new TypeError('fetch failed');
    }
    if (answer === 'hang') {
      return new Promise((_, reject) => {
        init?.signal?.addEventListener('abort', () =>
          reject(init.signal?.reason),
        );
      });
    }
    return new Response(answer.status === 204 ? null : answer.body, {
      status: answer.status,
      ...(answer.headers === undefined ? {} : { headers: answer.headers }),
    });
  };
  return { fetch: fetch as typeof globalThis.fetch, calls };
};

export const OK = {
  dingtalk: { status: 200, body: '{"errcode":0,"errmsg":"ok"}' },
  feishu: { status: 200, body: '{"code":0,"msg":"success","data":{}}' },
  slack: { status: 200, body: 'ok' },
  generic: { status: 204, body: '' },
} as const;
