/**
 * Template metadata the platform leaves for the cost estimate (CloudFormation ignores metadata): on a Lambda
 * function, the invocations a month its triggers imply, which replaces the usage assumption for that function.
 */
export const INVOCATIONS_METADATA = 'haven:invocationsPerMonth';
