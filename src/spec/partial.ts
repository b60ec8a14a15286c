import { z } from 'zod';

/**
 * Makes every object field optional, recursively, and drops defaults: an environment override states only what
 * differs from the shared spec. Arrays are replaced whole, so their element schemas stay as they are.
 */
export function deepPartial(schema: z.ZodType): z.ZodType {
  if (schema instanceof z.ZodDefault || schema instanceof z.ZodOptional) {
    return deepPartial(schema.unwrap() as z.ZodType);
  }
  if (schema instanceof z.ZodObject) {
    const shape: Record<string, z.ZodType> = {};
    for (const [key, value] of Object.entries(schema.shape as Record<string, z.ZodType>)) {
      shape[key] = deepPartial(value).optional();
    }
    return z.strictObject(shape).describe(schema.description ?? '');
  }
  if (schema instanceof z.ZodRecord) {
    return z.record(schema.keyType as z.ZodString, deepPartial(schema.valueType as z.ZodType));
  }
  return schema;
}
