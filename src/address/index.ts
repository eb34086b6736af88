/**
 * Dialable addresses: TAPI's dialable and canonical formats.
 *
 * @packageDocumentation
 */
export { MAX_ADDRESS_LENGTH, parseAddress } from './parse-address.js';
export type { AddressCapabilities, AddressError, ParseOptions, ParsedAddress, ParseResult } from './parse-address.js';
