export * from './client-vpn';
export * from './session-manager-bastion';
