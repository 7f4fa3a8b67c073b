import { ReservationLedger } from '../../src/main/services/runtime/reservation-ledger';

/**
 * Test helper, run as its own process by reservation-ledger.test.ts: asks for
 * one unit at a time, as fast as it can, and prints each decision.
 */
const [path = '', name = 'a', count = '10', available = '10'] = process.argv.slice(2);
const ledger = ReservationLedger.open(path);
for (let index = 0; index < Number(count); index += 1) {
  const reservation = ledger.request({ id: `${name}-${index}`, sku: 'TEE-BLK-M', quantity: 1, ttlSeconds: 600 }, Number(available));
  process.stdout.write(`${reservation.state}\n`);
}
ledger.close();
