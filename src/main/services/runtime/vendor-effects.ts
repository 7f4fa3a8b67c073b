import type { Outcome } from '../../../shared/runtime/failure';
import type { ManagedConnectorInstance } from '../connectors/connectors';
import { NetSuiteConnector } from '../connectors/netsuite';
import type { Effects } from './executor';

/**
 * Effects over the managed connectors: each (system, entity) a flow writes
 * has a codec from Steward's canonical record to the vendor's and back.
 * Entities without one yet are refused with that reason, never skipped.
 *
 * Codecs so far: Customer in NetSuite (`customer`, upserted by external id).
 */
type Data = Record<string, unknown>;

interface Codec {
  write(record: Data, key: string): Promise<{ outcome: Outcome; response?: unknown }>;
  lookup(key: string): Promise<{ found: boolean; response?: unknown }>;
  /** Reads the record back and says whether it holds what was written. */
  readBack(record: Data, key: string, fields: readonly string[]): Promise<{ acked: boolean; reason: string }>;
}

/** Canonical Customer field → NetSuite customer field. */
const NETSUITE_CUSTOMER: Readonly<Record<string, string>> = { email: 'email', firstName: 'firstName', lastName: 'lastName', phone: 'phone' };

function netsuiteCustomer(netsuite: NetSuiteConnector): Codec {
  return {
    async write(record, key) {
      const body = Object.fromEntries(Object.entries(NETSUITE_CUSTOMER).filter(([field]) => record[field] !== undefined && record[field] !== null).map(([field, name]) => [name, record[field]]));
      const result = await netsuite.upsert('customer', key, { ...body, entityId: body['email'] ?? key });
      return result.ok ? { outcome: { kind: 'ok' }, response: result.value } : { outcome: result.failure };
    },
    async lookup(key) {
      const result = await netsuite.get('customer', { externalId: key });
      return result.ok && result.value !== null ? { found: true, response: result.value } : { found: false };
    },
    async readBack(record, key, fields) {
      const result = await netsuite.get('customer', { externalId: key });
      if (!result.ok) return { acked: false, reason: `read-back failed: ${result.failure.reason}` };
      if (result.value === null) return { acked: false, reason: `customer eid:${key} is not in NetSuite on read-back` };
      const stored = result.value as Data;
      const differing = fields.filter((field) => NETSUITE_CUSTOMER[field] !== undefined && record[field] !== undefined && record[field] !== null && stored[NETSUITE_CUSTOMER[field] ?? field] !== record[field]);
      return differing.length === 0 ? { acked: true, reason: 'read back' } : { acked: false, reason: `read back with different ${differing.join(', ')}` };
    },
  };
}

export class VendorEffects implements Effects {
  constructor(private readonly connectors: ReadonlyMap<string, ManagedConnectorInstance>) {}

  private codec(system: string, entity: string): Codec | null {
    const connector = this.connectors.get(system);
    if (connector instanceof NetSuiteConnector && entity === 'Customer') return netsuiteCustomer(connector);
    return null;
  }

  private missing(system: string, entity: string): { kind: 'permanent'; reason: string } {
    return { kind: 'permanent', reason: this.connectors.has(system) ? `Steward cannot write ${entity} into ${system} yet` : `the environment has no system "${system}"` };
  }

  read(step: Parameters<Effects['read']>[0]): ReturnType<Effects['read']> {
    return Promise.resolve({ outcome: { kind: 'permanent', reason: `Steward cannot read ${step.entity} from ${step.system} yet` } });
  }

  async write(step: Parameters<Effects['write']>[0], record: Data, key: string): ReturnType<Effects['write']> {
    const codec = this.codec(step.system, step.entity);
    if (codec === null) return { outcome: this.missing(step.system, step.entity) };
    return codec.write(record, key);
  }

  async lookup(step: Parameters<Effects['lookup']>[0], _record: Data, key: string): ReturnType<Effects['lookup']> {
    return (await this.codec(step.system, step.entity)?.lookup(key)) ?? { found: false };
  }

  async ack(step: Parameters<Effects['ack']>[0], write: Parameters<Effects['ack']>[1]): ReturnType<Effects['ack']> {
    const codec = this.codec(write.step.system, write.step.entity);
    if (codec === null) return { acked: false, reason: `no way to read ${write.step.entity} back from ${write.step.system} yet` };
    if (step.mode !== 'read-back') return { acked: false, reason: `${step.mode} acks are not implemented yet; use read-back` };
    return codec.readBack(write.record, write.idempotencyKey, write.step.fields);
  }

  request(step: Parameters<Effects['request']>[0]): ReturnType<Effects['request']> {
    return Promise.resolve({ confirmed: false, reason: `requests to ${step.system} are not wired to the ledger yet` });
  }
}
