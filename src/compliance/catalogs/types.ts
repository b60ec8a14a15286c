import type { Framework } from '../types';

export interface CatalogControl {
  readonly id: string;
  readonly title: string;
  /** `organizational` controls are outside what infrastructure can prove; they are listed, never passed. */
  readonly kind: 'technical' | 'organizational';
  /** Rule ids (Haven, or cdk-nag without the `[finding]` suffix) that evidence this control. */
  readonly rules: readonly string[];
  /** Prefixes of the framework's own control ids, as cdk-nag packs cite them, that belong to this control. */
  readonly nagControls?: readonly string[];
  /** Haven's reading of the control, shown as an interpretation rather than the law's text. */
  readonly interpretation?: string;
}

export interface ControlCatalog {
  readonly framework: Framework;
  readonly title: string;
  readonly version: string;
  /** cdk-nag pack whose "(Control IDs: …)" citations map onto this catalog. */
  readonly nagPack?: string;
  readonly note?: string;
  readonly controls: readonly CatalogControl[];
}
