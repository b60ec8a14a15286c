export * from './alarm-topic';
export * from './alarms';
export * from './dashboard';
export * from './queries';
export * from './tracing';
export * from './log-retention';
export * from './db-capacity';
export * from './security-event-alarms';
