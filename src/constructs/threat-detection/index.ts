export * from './guardduty';
export * from './security-hub';
