import { describe, expect, it } from 'vitest';
import { havenJsonSchema } from '../../../src/spec/schema';

describe('workload sections in the editor JSON Schema', () => {
  it('generates and describes clusters, functions, fileSystems and access', () => {
    const json = JSON.stringify(havenJsonSchema());
    expect(json).toContain('must be under EKS standard support');
    expect(json).toContain('A numbered series of functions');
    expect(json).toContain('Days without access before files move to Infrequent Access');
    expect(json).toContain('mutual certificate authentication');
  });
});
