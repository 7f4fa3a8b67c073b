import type { EnvironmentFile, SystemBinding } from '../../../shared/environment/environment-file';
import type { OpenApiSpec } from '../../../shared/openapi/operations';
import { ProblemError } from '../../../shared/problem';
import type { VendorConnector } from './connector';
import { HttpClient } from './http-client';
import type { HttpClientOptions } from './http-client';
import { NetSuiteConnector } from './netsuite';
import { RestConnector } from './rest';
import { ShipBobConnector } from './shipbob';
import { ShipStationConnector } from './shipstation';
import { ShopifyConnector } from './shopify';
import { StripeConnector } from './stripe';

export type ManagedConnectorInstance = NetSuiteConnector | ShopifyConnector | StripeConnector | ShipBobConnector | ShipStationConnector | RestConnector;

/**
 * The connector for one system of a resolved environment file (no `${VAR}`
 * left). Its credentials are the secrets its client redacts.
 */
export function connectorFor(systemId: string, binding: SystemBinding, options: Omit<HttpClientOptions, 'secrets'> = {}, openapi?: OpenApiSpec): ManagedConnectorInstance {
  const credentials = binding.credentials;
  const client = new HttpClient({ ...options, secrets: Object.values(credentials) });
  const need = (key: string): string => {
    const value = credentials[key];
    if (value === undefined) throw new ProblemError({ code: 'CONNECTOR_CREDENTIAL_MISSING', message: `${systemId} (${binding.connector}) has no ${key} in the environment file.`, location: { path: `systems.${systemId}.credentials.${key}` } });
    return value;
  };
  switch (binding.connector) {
    case 'shopify':
      return new ShopifyConnector(binding.baseUrl, need('accessToken'), client, typeof binding.options['apiVersion'] === 'string' ? binding.options['apiVersion'] : '2026-01', systemId);
    case 'netsuite':
      // OAuth 2.0 when a token is given; token-based authentication (OAuth 1.0a) otherwise.
      return new NetSuiteConnector(
        binding.baseUrl,
        credentials['token'] ?? { consumerKey: need('consumerKey'), consumerSecret: need('consumerSecret'), token: need('tokenId'), tokenSecret: need('tokenSecret'), realm: need('realm') },
        client,
        systemId,
      );
    case 'stripe':
      return new StripeConnector(binding.baseUrl, need('secretKey'), client, systemId, typeof binding.options['apiVersion'] === 'string' ? binding.options['apiVersion'] : undefined);
    case 'shipbob':
      return new ShipBobConnector(binding.baseUrl, need('token'), optionText(binding.options['channelId']), client, systemId);
    case 'shipstation':
      return new ShipStationConnector(binding.baseUrl, need('apiKey'), need('apiSecret'), client, systemId);
    case 'rest':
      if (openapi === undefined) {
        throw new ProblemError({ code: 'CONNECTOR_OPENAPI_MISSING', message: `${systemId} uses the REST connector, which needs its API's OpenAPI document (options.openapi).`, location: { path: `systems.${systemId}.options.openapi` } });
      }
      return new RestConnector(binding.baseUrl, openapi, credentials, client, systemId);
    default:
      throw new ProblemError({ code: 'CONNECTOR_UNKNOWN', message: `${systemId} uses connector "${binding.connector}", which Steward does not have.`, location: { path: `systems.${systemId}.connector` } });
  }
}

/**
 * A connector for every system of a resolved environment with a managed
 * connector (`rest` systems need their OpenAPI document and are left out).
 */
export function connectorsFor(environment: EnvironmentFile): Map<string, ManagedConnectorInstance> {
  return new Map(Object.entries(environment.systems).flatMap(([id, binding]) => (binding.connector === 'rest' ? [] : [[id, connectorFor(id, binding)] as const])));
}

/** An option given as text or a number (ShipBob's channel id is either). */
function optionText(value: unknown): string {
  return typeof value === 'string' || typeof value === 'number' ? String(value) : '';
}

export type { VendorConnector };
