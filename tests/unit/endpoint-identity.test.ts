import { describe, expect, it } from 'vitest';
import { endpointIdentity } from '../../shared/domain/endpoint-identity';

describe('endpointIdentity: the request the platform would send, whatever the spelling', () => {
  it('is one endpoint for the spellings of one request', () => {
    const hook = 'http://localhost:3199/dup/hook';
    for (const spelling of [
      'http://localhost:3199/dup/%68ook',
      'http://localhost:3199/dup/%68%6F%6f%6b',
      'http://localhost:3199/dup/hook?',
      'http://localhost:3199/dup/hook?#',
      'http://localhost:3199/dup/hook#sold',
      'http://localhost:3199/dup/x/../hook',
      'http://localhost:3199/dup/x/%2e%2E/hook',
      'HTTP://LOCALHOST:3199/dup/hook',
    ]) {
      expect(endpointIdentity(spelling), spelling).toBe(hook);
    }
    expect(endpointIdentity('https://hooks.brand.example:443/%7Ekreislauf')).toBe('https://hooks.brand.example/~kreislauf');
  });

  it('decodes unreserved characters in the query too, and writes the other percent-encodings in upper case', () => {
    expect(endpointIdentity('https://hooks.brand.example/k?brand=%61cme&x=%2a')).toBe('https://hooks.brand.example/k?brand=acme&x=%2A');
    expect(endpointIdentity('https://hooks.brand.example/a%2fb')).toBe(endpointIdentity('https://hooks.brand.example/a%2Fb'));
  });

  it('keeps apart what a server may read apart: another path, a query, an encoded slash or reserved character', () => {
    const hook = endpointIdentity('https://hooks.brand.example/hook');
    for (const other of [
      'https://hooks.brand.example/hook/',
      'https://hooks.brand.example/Hook',
      'https://hooks.brand.example/hook?a',
      'https://hooks.brand.example/hook?a=',
      'https://hooks.brand.example/ho%2Fok',
      'https://hooks.brand.example/hook%3F',
      'https://other.brand.example/hook',
    ]) {
      expect(endpointIdentity(other), other).not.toBe(hook);
    }
  });

  it('is the text itself for text that is not a URL', () => {
    expect(endpointIdentity('not a url')).toBe('not a url');
  });
});
