import type { NetSuiteConnector } from '../../connectors/netsuite';
import type { Codec, Data } from './codec';

/** Canonical Customer field → NetSuite customer field. */
const NETSUITE_CUSTOMER: Readonly<Record<string, string>> = { email: 'email', firstName: 'firstName', lastName: 'lastName', phone: 'phone' };

export function netsuiteCustomer(netsuite: NetSuiteConnector): Codec {
  return {
    async read(key) {
      const result = await netsuite.get('customer', { externalId: key });
      if (!result.ok) return { outcome: result.failure };
      if (result.value === null) return { outcome: { kind: 'permanent', reason: `NetSuite has no customer eid:${key}` } };
      const stored = result.value as Data;
      return { outcome: { kind: 'ok' }, record: { ...Object.fromEntries(Object.entries(NETSUITE_CUSTOMER).map(([field, name]) => [field, stored[name] ?? null])), erpCustomerId: stored['id'] ?? null } };
    },
    async write(record, key) {
      const body = Object.fromEntries(Object.entries(NETSUITE_CUSTOMER).filter(([field]) => record[field] !== undefined && record[field] !== null).map(([field, name]) => [name, record[field]]));
      const result = await netsuite.upsert('customer', key, { ...body, entityId: body['email'] ?? key });
      return result.ok ? { outcome: { kind: 'ok' }, response: result.value } : { outcome: result.failure };
    },
    async lookup(_record, key) {
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
