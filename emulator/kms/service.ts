import type {
  EmulatorRequest,
  EmulatorResponse,
  SeedKey,
  Service,
  ServiceDeps,
} from '../types.ts';
import { actionTrailEvent } from './actiontrail-event.ts';
import { authenticate, type Caller } from './authenticate.ts';
import {
  jsonResponse,
  KmsError,
  kmsErrorResponse,
  missingParameter,
} from './errors.ts';
import { seededKey } from './key-factory.ts';
import { KeyImports } from './key-import.ts';
import { type KeySnapshot, keySnapshot } from './key-metadata.ts';
import { KeyStore } from './key-store.ts';
import { NonceStore } from './nonce-store.ts';
import { OPERATIONS, type Operation } from './operations/index.ts';
import { Params } from './params.ts';
import { newUuid } from './random-ids.ts';

/**
 * The KMS of the local cloud: the 2016-01-20 RPC API as the KMS SDK and
 * openapi-client send it (HMAC-SHA1 and ACS3-HMAC-SHA256), keys per
 * account and region, lifecycle dates that follow the emulator clock, and
 * an ActionTrail event for every successful write call.
 */
export interface KmsService extends Service {
  readonly name: 'kms';
  /** Creates a key as given (state, dates, material...). Returns its KeyId. */
  seedKey(key: SeedKey): string;
  /** Builds and checks every key of a seed, throwing on the first problem
   * (a bad spec, an id already taken); `apply` stores them all. */
  planKeys(keys: readonly SeedKey[]): {
    readonly keyIds: string[];
    apply(): void;
  };
  /** Effective state after applying the clock; undefined once gone. */
  keyStateOf(
    accountId: string,
    region: string,
    keyId: string,
  ): string | undefined;
  /** For tests: every key with its fields. */
  snapshot(): KeySnapshot[];
}

const METHODS = new Set(['GET', 'POST']);

const operationNameOf = (request: EmulatorRequest): string | undefined =>
  request.query.Action ?? request.headers['x-acs-action'];

const operationFor = (request: EmulatorRequest): [string, Operation] => {
  if (!METHODS.has(request.method.toUpperCase())) {
    throw new KmsError(
      400,
      'UnsupportedHTTPMethod',
      `Specified HTTP method ${request.method} is not supported.`,
    );
  }
  const name = operationNameOf(request);
  if (name === undefined || name === '') throw missingParameter('Action');
  const operation = Object.hasOwn(OPERATIONS, name)
    ? OPERATIONS[name]
    : undefined;
  if (operation === undefined) {
    throw new KmsError(
      404,
      'InvalidApi.NotFound',
      `Specified api ${name} is not found, please check your url and method.`,
    );
  }
  return [name, operation];
};

export const createKmsService = (deps: ServiceDeps): KmsService => {
  const store = new KeyStore();
  const nonces = new NonceStore();
  const imports = new KeyImports();

  const publish = (
    request: EmulatorRequest,
    eventName: string,
    caller: Caller,
    params: Readonly<Record<string, string>>,
    keyId: string,
  ): void =>
    deps.events.publish(
      actionTrailEvent({
        eventId: newUuid(deps.random),
        eventName,
        region: request.host.region,
        requestId: request.requestId,
        caller,
        keyId,
        params,
        at: deps.clock.now(),
        sourceIpAddress: request.headers['x-forwarded-for'] ?? '127.0.0.1',
        userAgent: request.headers['user-agent'] ?? '',
      }),
    );

  const handle = async (
    request: EmulatorRequest,
  ): Promise<EmulatorResponse> => {
    let caller: Caller | undefined;
    try {
      const [name, operation] = operationFor(request);
      const authenticated = authenticate(request, deps.accounts, nonces);
      caller = authenticated.caller;
      const result = operation.run({
        params: new Params(authenticated.params),
        accountId: caller.accountId,
        region: request.host.region,
        now: deps.clock.now(),
        store,
        imports,
        random: deps.random,
      });
      if (operation.write && result.keyId !== undefined) {
        publish(request, name, caller, authenticated.params, result.keyId);
      }
      return jsonResponse(
        request,
        200,
        { RequestId: request.requestId, ...result.body },
        { accountId: caller.accountId },
      );
    } catch (error) {
      if (!(error instanceof KmsError)) throw error;
      return kmsErrorResponse(request, error, caller?.accountId);
    }
  };

  const errorResponse = (
    request: EmulatorRequest,
    status: number,
    code: string,
    message: string,
  ): EmulatorResponse =>
    kmsErrorResponse(request, new KmsError(status, code, message));

  return {
    name: 'kms',
    operationOf: (request) => operationNameOf(request) ?? 'Unknown',
    handle,
    errorResponse,
    throttleResponse: (request) =>
      errorResponse(
        request,
        429,
        'Rejected.Throttling',
        'Request was denied due to request throttling.',
      ),
    serverErrorResponse: (request) =>
      errorResponse(request, 500, 'InternalFailure', 'Internal Failure'),
    reset() {
      store.reset();
      nonces.reset();
      imports.reset();
    },
    seedKey(seed) {
      const key = seededKey(seed, deps.clock.now(), deps.random);
      store.add(key);
      return key.keyId;
    },
    planKeys(seeds) {
      const keys = seeds.map((seed) =>
        seededKey(seed, deps.clock.now(), deps.random),
      );
      const slots = new Set<string>();
      for (const key of keys) {
        const slot = `${key.accountId}/${key.region}/${key.keyId}`;
        if (
          slots.has(slot) ||
          store.has(key.accountId, key.region, key.keyId)
        ) {
          throw new Error(`key ${key.keyId} already exists in ${key.region}`);
        }
        slots.add(slot);
      }
      return {
        keyIds: keys.map((key) => key.keyId),
        apply: () => {
          for (const key of keys) store.add(key);
        },
      };
    },
    keyStateOf: (accountId, region, keyId) =>
      store.find(accountId, region, keyId, deps.clock.now())?.state,
    snapshot: () => store.all(deps.clock.now()).map(keySnapshot),
  };
};
