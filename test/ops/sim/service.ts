import { mockClient } from 'aws-sdk-client-mock';
import { World } from './world';

/* eslint-disable @typescript-eslint/no-explicit-any -- SDK client and command constructors differ per service. */
type ClientClass = abstract new (...args: any[]) => { send: (...args: any[]) => Promise<any> };
type CommandClass = new (input: any) => any;
/* eslint-enable @typescript-eslint/no-explicit-any */

/** One SDK operation answered from the world: the input as the SDK received it, the region of the client that sent it. */
export interface Operation<I = Record<string, unknown>> {
  readonly command: CommandClass;
  handle(world: World, input: I, region: string): unknown;
}

/** The operations a service module answers; several modules may answer operations of the same client. */
export interface ServiceModule {
  readonly client: ClientClass;
  readonly operations: readonly Operation<never>[];
}

export function op<I>(command: CommandClass, handle: (world: World, input: I, region: string) => unknown): Operation<never> {
  return { command, handle } as unknown as Operation<never>;
}

/** An error shaped like the SDK's service exceptions: `name` is the error code, `$metadata` the HTTP status. */
export function awsError(name: string, message: string, status = 400): Error {
  return Object.assign(new Error(message), { name, $fault: status >= 500 ? 'server' : 'client', $metadata: { httpStatusCode: status } });
}

/** What a regional outage looks like to the SDK: the endpoint never answers. */
function networkError(service: string, region: string): Error {
  return Object.assign(new Error(`connect ETIMEDOUT ${service}.${region}.amazonaws.com:443`), { name: 'TimeoutError', code: 'ETIMEDOUT', $metadata: {} });
}

async function regionOf(client: { config: { region: unknown } }): Promise<string> {
  const r = client.config.region;
  return typeof r === 'function' ? String(await (r as () => Promise<string>)()) : String(r);
}

/**
 * Stubs every client the modules name with aws-sdk-client-mock (so every instance, the CLI's own AwsClients included,
 * talks to the world). An operation no module answers rejects, so a gap in the simulation shows up as an error
 * instead of an empty answer. Returns a restore function.
 */
export function installModules(world: World, modules: readonly ServiceModule[]): () => void {
  const byClient = new Map<ClientClass, Operation<never>[]>();
  for (const m of modules) byClient.set(m.client, [...(byClient.get(m.client) ?? []), ...m.operations]);
  const stubs = [...byClient].map(([client, ops]) => {
    const stub = mockClient(client as never);
    const service = client.name.replace(/Client$/, '');
    stub.onAnyCommand().callsFake(() => Promise.reject(new Error(`simulated account: ${service} operation not modelled`)));
    for (const o of ops) {
      const operation = o.command.name.replace(/Command$/, '');
      stub.on(o.command as never).callsFake(async (input: Record<string, unknown>, getClient: () => unknown) => {
        const region = await regionOf(getClient() as { config: { region: unknown } });
        world.attempted.push(`${region} ${operation}`);
        if (world.unreachableRegions.has(region)) throw networkError(service.toLowerCase(), region);
        const throttled = world.throttled.get(operation) ?? 0;
        if (throttled > 0) {
          world.throttled.set(operation, throttled - 1);
          throw Object.assign(awsError('ThrottlingException', 'Rate exceeded'), { $retryable: { throttling: true } });
        }
        world.calls.push(`${region} ${operation}`);
        return o.handle(world, input as never, region);
      });
    }
    return stub;
  });
  return () => stubs.forEach((s) => s.restore());
}

/** Splits a list the way paginated AWS APIs do: an opaque token is the offset of the next page. */
export function page<T>(items: readonly T[], token: string | undefined, size: number): { items: T[]; next?: string } {
  const start = token ? Number(Buffer.from(token, 'base64').toString('utf8')) : 0;
  if (!Number.isInteger(start) || start < 0 || start > items.length) throw awsError('InvalidNextToken', 'The specified token is invalid');
  const end = start + size;
  return { items: items.slice(start, end), next: end < items.length ? Buffer.from(String(end)).toString('base64') : undefined };
}
