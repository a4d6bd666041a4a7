import { describe, expect, it } from '@jest/globals';
import { shownValue } from './shown-value.js';

describe('shownValue', () => {
  it('echoes a plain URL as given', () => {
    expect(shownValue('http://vllm:8000/v1')).toBe('http://vllm:8000/v1');
    expect(shownValue('not a url')).toBe('not a url');
  });

  it('never echoes credentials, with or without a scheme, nor a query or fragment', () => {
    expect(shownValue('postgres://gateway:s3cret@db:5432/gateway')).toBe('postgres://[redacted]@db:5432/gateway');
    expect(shownValue('gateway:s3cret@db:5432/gateway')).toBe('[redacted]@db:5432/gateway');
    expect(shownValue('redis://:p@ss@redis:6379')).toBe('redis://[redacted]@redis:6379');
    expect(shownValue('https://h.example/v1?api_key=sk-123#frag')).toBe('https://h.example/v1?[redacted]');
    expect(shownValue('postgres://gateway:pa:ss/wo#rd@db/gw')).toBe('postgres://[redacted]@db/gw');
  });

  it('bounds the length', () => {
    expect(shownValue(`http://h/${'x'.repeat(500)}`).length).toBeLessThanOrEqual(201);
  });
});
