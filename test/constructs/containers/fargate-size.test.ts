import { describe, expect, it } from 'vitest';
import { fargateMemoryChoices, isValidFargateSize } from '../../../src/constructs/containers';

describe('Fargate sizes', () => {
  it('accepts the seed sizes', () => {
    expect(isValidFargateSize(2048, 4096)).toBe(true); // TechCorp
    expect(isValidFargateSize(256, 512)).toBe(true); // Omnirapeutic
    expect(isValidFargateSize(8192, 20480)).toBe(true);
  });
  it('rejects combinations Fargate does not run', () => {
    expect(isValidFargateSize(256, 1536)).toBe(false);
    expect(isValidFargateSize(2048, 2048)).toBe(false);
    expect(isValidFargateSize(8192, 18432)).toBe(false);
    expect(isValidFargateSize(300, 512)).toBe(false);
    expect(fargateMemoryChoices(300)).toMatch(/cpu must be one of/);
  });
});
