import type { SystemRole } from './project-model';

/** The seed's systems (product.md), ready to drop on the systems map. */
export interface CatalogSystem {
  readonly id: string;
  readonly name: string;
  readonly role: SystemRole;
  readonly connector: string;
  /** Two letters for the system's badge. */
  readonly monogram: string;
}

export const SYSTEM_CATALOG: readonly CatalogSystem[] = [
  { id: 'shopify', name: 'Shopify Plus', role: 'storefront', connector: 'shopify', monogram: 'SH' },
  { id: 'netsuite', name: 'NetSuite', role: 'erp', connector: 'netsuite', monogram: 'NS' },
  { id: 'dynamics', name: 'Microsoft Dynamics 365', role: 'erp', connector: 'rest', monogram: 'D3' },
  { id: 'brightpearl', name: 'Brightpearl', role: 'oms', connector: 'rest', monogram: 'BP' },
  { id: 'stripe', name: 'Stripe', role: 'payments', connector: 'stripe', monogram: 'ST' },
  { id: 'avalara', name: 'Avalara', role: 'tax', connector: 'rest', monogram: 'AV' },
  { id: 'shipbob', name: 'ShipBob', role: '3pl', connector: 'shipbob', monogram: 'SB' },
  { id: 'shipstation', name: 'ShipStation', role: '3pl', connector: 'shipstation', monogram: 'SS' },
  { id: 'klaviyo', name: 'Klaviyo', role: 'marketing', connector: 'rest', monogram: 'KL' },
  { id: 'gorgias', name: 'Gorgias', role: 'support', connector: 'rest', monogram: 'GO' },
  { id: 'zendesk', name: 'Zendesk', role: 'support', connector: 'rest', monogram: 'ZD' },
  { id: 'recharge', name: 'Recharge', role: 'subscriptions', connector: 'rest', monogram: 'RC' },
];

export function monogramOf(name: string): string {
  const words = name.split(/\s+/).filter((word) => word !== '');
  const letters = words.length > 1 ? `${words[0]?.[0] ?? ''}${words[1]?.[0] ?? ''}` : name.slice(0, 2);
  return letters.toUpperCase();
}
