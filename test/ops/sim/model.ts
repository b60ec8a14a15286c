import * as fs from 'node:fs';
import * as path from 'node:path';
import { hex, suffix, uuid } from './ids';
import { ResourceContext, TypeRule, defaultArn, physicalIdOf, ruleFor } from './resource-types';

type Json = unknown;
interface Template {
  readonly Parameters?: Record<string, { Default?: Json; Type?: string }>;
  readonly Conditions?: Record<string, Json>;
  readonly Mappings?: Record<string, Record<string, Record<string, Json>>>;
  readonly Resources?: Record<string, { Type: string; Properties?: Record<string, Json>; Condition?: string; Metadata?: Record<string, Json> }>;
  readonly Outputs?: Record<string, { Value: Json; Export?: { Name: Json }; Condition?: string; Description?: string }>;
}

/** One resource CloudFormation would have created. Properties are resolved on first read. */
export interface SimResource {
  readonly stack: SimStack;
  readonly logicalId: string;
  readonly type: string;
  readonly physicalId: string;
  readonly arn: string;
  /** Properties with every intrinsic function resolved. */
  readonly properties: Record<string, unknown>;
  /** Fn::GetAtt value. */
  attr(name: string): unknown;
  readonly ref: string;
}

export interface SimStack {
  readonly name: string;
  /** Stack ARN (`arn:aws:cloudformation:<region>:<account>:stack/<name>/<uuid>`). */
  readonly stackId: string;
  readonly region: string;
  readonly account: string;
  /** Set for a nested stack: the parent stack and the logical id of its AWS::CloudFormation::Stack resource. */
  readonly parent?: { readonly stack: SimStack; readonly logicalId: string };
  /** Resources CloudFormation created (conditions evaluated), in template order. */
  readonly resources: SimResource[];
  /** Outputs with values resolved (conditions evaluated). */
  readonly outputs: { readonly key: string; readonly value: string; readonly description?: string; readonly exportName?: string }[];
  readonly nested: SimStack[];
}

/** The CloudFormation side of a simulated account: every stack of a cloud assembly, nested stacks included. */
export interface SimModel {
  readonly account: string;
  /** Top-level stacks (the assembly's `aws:cloudformation:stack` artifacts). */
  readonly stacks: SimStack[];
  /** Every stack, nested ones included. */
  allStacks(): SimStack[];
  allResources(): SimResource[];
}

/** Pseudo parameters (https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/pseudo-parameter-reference.html). */
function pseudo(name: string, s: { region: string; account: string; name: string; stackId: string }): unknown {
  switch (name) {
    case 'AWS::Region': return s.region;
    case 'AWS::AccountId': return s.account;
    case 'AWS::Partition': return s.region.startsWith('cn-') ? 'aws-cn' : s.region.startsWith('us-gov-') ? 'aws-us-gov' : 'aws';
    case 'AWS::URLSuffix': return s.region.startsWith('cn-') ? 'amazonaws.com.cn' : 'amazonaws.com';
    case 'AWS::StackName': return s.name;
    case 'AWS::StackId': return s.stackId;
    case 'AWS::NotificationARNs': return [];
    default: return undefined;
  }
}

const NO_VALUE = Symbol('AWS::NoValue');

/** An object whose listed fields are computed on first read (values resolve lazily: a name may refer to a resource defined later). */
function withGetters<T>(fixed: Partial<T>, getters: Record<string, () => unknown>): T {
  const o = { ...fixed } as Record<string, unknown>;
  for (const [k, get] of Object.entries(getters)) Object.defineProperty(o, k, { get, enumerable: true });
  return o as T;
}

export function stackArn(region: string, account: string, name: string): string {
  return `arn:aws:cloudformation:${region}:${account}:stack/${name}/${uuid(`${account}/${region}/${name}`)}`;
}

/** Deterministic stand-in for a value the model cannot know (an unknown custom resource attribute, an SSM parameter). */
export function placeholder(...parts: string[]): string {
  return `sim-${parts.join('-').replace(/[^A-Za-z0-9-]/g, '').slice(0, 60)}-${hex(parts.join('/'), 8)}`;
}

class StackBuilder {
  readonly stack: SimStack;
  private readonly template: Template;
  private readonly physical = new Map<string, string>();
  private readonly props = new Map<string, Record<string, unknown>>();
  private readonly resolving = new Set<string>();
  private readonly conditions = new Map<string, boolean>();
  private readonly nestedBuilders = new Map<string, StackBuilder>();

  constructor(
    private readonly world: ModelBuilder,
    private readonly dir: string,
    templateFile: string,
    init: { name: string; region: string; account: string; parent?: { builder: StackBuilder; logicalId: string }; parameters?: Record<string, unknown> },
  ) {
    this.template = JSON.parse(fs.readFileSync(path.join(dir, templateFile), 'utf8')) as Template;
    this.parameters = init.parameters ?? {};
    this.stack = {
      name: init.name, region: init.region, account: init.account, stackId: stackArn(init.region, init.account, init.name),
      parent: init.parent ? { stack: init.parent.builder.stack, logicalId: init.parent.logicalId } : undefined,
      resources: [], outputs: [], nested: [],
    };
  }

  private readonly parameters: Record<string, unknown>;

  /** Creates the resources (conditions evaluated) and nested stacks; values are resolved lazily. */
  build(): void {
    for (const [logicalId, r] of Object.entries(this.template.Resources ?? {})) {
      if (r.Condition && !this.condition(r.Condition)) continue;
      const resource = withGetters<SimResource>({ stack: this.stack, logicalId, type: r.Type, attr: (name: string) => this.getAtt(logicalId, name) }, {
        physicalId: () => this.physicalId(logicalId),
        arn: () => this.context(logicalId).arn(),
        properties: () => this.properties(logicalId),
        ref: () => this.ref(logicalId),
      });
      this.stack.resources.push(resource);
      const assetPath = r.Type === 'AWS::CloudFormation::Stack' ? this.world.nestedTemplate(r.Metadata?.['aws:asset:path'], this.resolve(r.Properties?.TemplateURL)) : undefined;
      if (assetPath) {
        // CloudFormation names a nested stack <parent>-<logicalId>-<random> (what DescribeStacks shows for it).
        const name = `${this.stack.name}-${logicalId}-${suffix(`${this.stack.stackId}/${logicalId}`, 13)}`;
        const parameters = (r.Properties?.Parameters ?? {}) as Record<string, unknown>;
        const nested = new StackBuilder(this.world, this.dir, assetPath, {
          name, region: this.stack.region, account: this.stack.account, parent: { builder: this, logicalId },
          parameters: new Proxy({}, { get: (_t, k: string) => (k in parameters ? this.resolve(parameters[k]) : undefined), has: (_t, k: string) => k in parameters }),
        });
        this.nestedBuilders.set(logicalId, nested);
        this.stack.nested.push(nested.stack);
        nested.build();
      }
    }
    for (const [key, o] of Object.entries(this.template.Outputs ?? {})) {
      if (o.Condition && !this.condition(o.Condition)) continue;
      this.stack.outputs.push(withGetters<SimStack['outputs'][number]>({ key, description: o.Description }, {
        value: () => this.string(this.resolve(o.Value)),
        exportName: () => (o.Export ? this.string(this.resolve(o.Export.Name)) : undefined),
      }));
    }
  }

  output(key: string): unknown {
    const o = this.template.Outputs?.[key];
    return o ? this.resolve(o.Value) : placeholder(this.stack.name, 'Outputs', key);
  }

  private string(v: unknown): string {
    return Array.isArray(v) ? v.join(',') : String(v);
  }

  private rule(logicalId: string): TypeRule {
    return ruleFor(this.resourceDef(logicalId).Type);
  }

  private resourceDef(logicalId: string) {
    const r = this.template.Resources?.[logicalId];
    if (!r) throw new Error(`${this.stack.name}: no resource ${logicalId}`);
    return r;
  }

  private base(logicalId: string): Omit<ResourceContext, 'physicalId' | 'arn'> {
    const s = this.stack;
    return {
      type: this.resourceDef(logicalId).Type, logicalId, stackName: s.name, stackId: s.stackId, region: s.region, account: s.account,
      partition: String(pseudo('AWS::Partition', s)), seed: `${s.stackId}/${logicalId}`,
      prop: (name: string) => this.properties(logicalId)[name],
    };
  }

  context(logicalId: string): ResourceContext {
    const rule = this.rule(logicalId);
    const physicalId = this.physicalId(logicalId);
    const ctx: ResourceContext = {
      ...this.base(logicalId), physicalId,
      arn: () => (rule.arn ? rule.arn(ctx) : defaultArn(ctx.type, ctx)),
    };
    return ctx;
  }

  physicalId(logicalId: string): string {
    let id = this.physical.get(logicalId);
    if (id !== undefined) return id;
    const def = this.resourceDef(logicalId);
    if (def.Type === 'AWS::CloudFormation::Stack' && this.nestedBuilders.has(logicalId)) {
      id = this.nestedBuilders.get(logicalId)!.stack.stackId;
    } else {
      const rule = this.rule(logicalId);
      const guard = `physical:${logicalId}`;
      if (this.resolving.has(guard)) throw new Error(`${this.stack.name}: circular name of ${logicalId}`);
      this.resolving.add(guard);
      try {
        const explicit = rule.nameProp ? this.resolve(def.Properties?.[rule.nameProp]) : undefined;
        id = physicalIdOf(rule, this.base(logicalId), explicit);
      } finally {
        this.resolving.delete(guard);
      }
    }
    this.physical.set(logicalId, id);
    return id;
  }

  properties(logicalId: string): Record<string, unknown> {
    let p = this.props.get(logicalId);
    if (!p) {
      p = (this.resolve(this.resourceDef(logicalId).Properties ?? {}) ?? {}) as Record<string, unknown>;
      this.props.set(logicalId, p);
    }
    return p;
  }

  ref(name: string): string {
    const p = pseudo(name, this.stack);
    if (p !== undefined) return p as string;
    if (this.template.Parameters?.[name]) return this.parameter(name) as string;
    const rule = this.rule(name);
    const ctx = this.context(name);
    return rule.ref ? rule.ref(ctx) : ctx.physicalId;
  }

  private parameter(name: string): unknown {
    if (name in this.parameters) return this.parameters[name];
    const def = this.template.Parameters![name];
    // SSM-typed parameters (e.g. CDK's BootstrapVersion) are read from Parameter Store at deploy time.
    if (def.Type?.startsWith('AWS::SSM::Parameter::Value')) return name === 'BootstrapVersion' ? '30' : placeholder(this.stack.name, name);
    return def.Default ?? placeholder(this.stack.name, name);
  }

  getAtt(logicalId: string, attr: string): unknown {
    const def = this.resourceDef(logicalId);
    if (attr.startsWith('Outputs.') && this.nestedBuilders.has(logicalId)) return this.nestedBuilders.get(logicalId)!.output(attr.slice('Outputs.'.length));
    if (def.Type === 'Custom::CrossRegionExportReader') return this.world.crossRegionExport(attr) ?? placeholder(this.stack.name, logicalId, attr);
    const rule = this.rule(logicalId);
    const ctx = this.context(logicalId);
    const f = rule.attrs?.[attr];
    if (f) return f(ctx);
    if (attr === 'Arn') return ctx.arn();
    return placeholder(this.stack.name, logicalId, attr);
  }

  private condition(name: string): boolean {
    let v = this.conditions.get(name);
    if (v === undefined) {
      const def = this.template.Conditions?.[name];
      if (def === undefined) throw new Error(`${this.stack.name}: unknown condition ${name}`);
      v = Boolean(this.resolve(def));
      this.conditions.set(name, v);
    }
    return v;
  }

  /** Evaluates intrinsic functions (https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/intrinsic-function-reference.html). */
  resolve(v: unknown): unknown {
    if (Array.isArray(v)) return v.map((x) => this.resolve(x)).filter((x) => x !== NO_VALUE);
    if (!v || typeof v !== 'object') return v;
    const o = v as Record<string, unknown>;
    const keys = Object.keys(o);
    if (keys.length === 1) {
      const [k] = keys;
      const a = o[k];
      const fn = this.intrinsic(k, a);
      if (fn !== NOT_INTRINSIC) return fn;
    }
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(o)) {
      const r = this.resolve(x);
      if (r !== NO_VALUE) out[k] = r;
    }
    return out;
  }

  private intrinsic(k: string, a: unknown): unknown {
    const list = () => a as unknown[];
    switch (k) {
      case 'Ref': return a === 'AWS::NoValue' ? NO_VALUE : this.ref(a as string);
      case 'Fn::GetAtt': {
        const [lid, ...rest] = typeof a === 'string' ? a.split('.') : (a as string[]);
        return this.getAtt(lid, rest.join('.'));
      }
      case 'Fn::Join': return (this.resolve(list()[1]) as unknown[]).map((x) => String(x)).join(list()[0] as string);
      case 'Fn::Select': return (this.resolve(list()[1]) as unknown[])[Number(this.resolve(list()[0]))];
      case 'Fn::Split': return String(this.resolve(list()[1])).split(list()[0] as string);
      case 'Fn::Sub': return this.sub(a);
      case 'Fn::If': return this.resolve(this.condition(list()[0] as string) ? list()[1] : list()[2]);
      case 'Fn::Equals': return JSON.stringify(this.resolve(list()[0])) === JSON.stringify(this.resolve(list()[1]));
      case 'Fn::Not': return !this.resolve(list()[0]);
      case 'Fn::And': return list().every((x) => this.resolve(x));
      case 'Fn::Or': return list().some((x) => this.resolve(x));
      case 'Condition': return typeof a === 'string' ? this.condition(a) : NOT_INTRINSIC;
      case 'Fn::FindInMap': {
        const [m, top, second] = list().map((x) => this.resolve(x) as string);
        return this.template.Mappings?.[m]?.[top]?.[second] ?? placeholder(this.stack.name, m, top, second);
      }
      case 'Fn::ImportValue': return this.world.importValue(this.stack, String(this.resolve(a)));
      case 'Fn::GetAZs': return ['a', 'b', 'c'].map((z) => `${this.stack.region}${z}`);
      case 'Fn::Base64': return Buffer.from(String(this.resolve(a))).toString('base64');
      case 'Fn::ToJsonString': return JSON.stringify(this.resolve(a));
      case 'Fn::Length': return (this.resolve(a) as unknown[]).length;
      case 'Fn::Cidr': {
        const [block, count, bits] = list().map((x) => this.resolve(x));
        const [o1, o2] = String(block).split('.');
        return Array.from({ length: Number(count) }, (_, i) => `${o1}.${o2}.${i}.0/${32 - Number(bits)}`);
      }
      default: return NOT_INTRINSIC;
    }
  }

  private sub(a: unknown): string {
    const [text, vars] = typeof a === 'string' ? [a, {}] : (a as [string, Record<string, unknown>]);
    return text.replace(/\$\{(!?)([^}]+)\}/g, (_m, bang: string, name: string) => {
      if (bang) return `\${${name}}`;
      if (name in vars) return String(this.resolve(vars[name]));
      const [lid, ...attr] = name.split('.');
      return String(attr.length && !name.startsWith('AWS::') ? this.getAtt(lid, attr.join('.')) : this.ref(name));
    });
  }
}

const NOT_INTRINSIC = Symbol('not an intrinsic');

class ModelBuilder {
  readonly builders: StackBuilder[] = [];

  constructor(private readonly dir: string) {}

  /** Object key (asset hash + extension) → file in the assembly, from every asset manifest (`*.assets.json`). */
  private readonly assetFiles = new Map<string, string>();

  private loadAssetFiles(): void {
    if (this.assetFiles.size) return;
    for (const f of fs.readdirSync(this.dir).filter((x) => x.endsWith('.assets.json'))) {
      const m = JSON.parse(fs.readFileSync(path.join(this.dir, f), 'utf8')) as { files?: Record<string, { source?: { path?: string }; destinations?: Record<string, { objectKey?: string }> }> };
      for (const file of Object.values(m.files ?? {})) {
        for (const d of Object.values(file.destinations ?? {})) if (d.objectKey && file.source?.path) this.assetFiles.set(d.objectKey, file.source.path);
      }
    }
  }

  /**
   * The template file of a nested stack: named by the resource's `aws:asset:path` metadata when the app emits asset
   * metadata, else found through the asset manifest by the object key at the end of its TemplateURL.
   */
  nestedTemplate(assetPath: unknown, templateUrl: unknown): string | undefined {
    if (typeof assetPath === 'string') return assetPath;
    if (typeof templateUrl !== 'string') return undefined;
    this.loadAssetFiles();
    const file = this.assetFiles.get(templateUrl.split('/').pop() ?? '');
    return file && file.endsWith('.json') ? file : undefined;
  }

  /** Fn::ImportValue: an export of another stack in the same account and region. */
  importValue(from: SimStack, name: string): unknown {
    for (const s of this.all()) {
      if (s.region !== from.region || s.account !== from.account) continue;
      const o = s.outputs.find((x) => x.exportName === name);
      if (o) return o.value;
    }
    return placeholder('import', name);
  }

  /** CDK's cross-region references: the writer custom resource in one region puts SSM parameters the reader reads. */
  crossRegionExport(parameterName: string): unknown {
    for (const s of this.all()) {
      for (const r of s.resources) {
        if (r.type !== 'Custom::CrossRegionExportWriter') continue;
        const exports = (r.properties.WriterProps as { exports?: Record<string, unknown> } | undefined)?.exports ?? {};
        if (parameterName in exports) return exports[parameterName];
      }
    }
    return undefined;
  }

  all(): SimStack[] {
    const out: SimStack[] = [];
    const walk = (s: SimStack) => { out.push(s); s.nested.forEach(walk); };
    this.builders.filter((b) => !b.stack.parent).forEach((b) => walk(b.stack));
    return out;
  }
}

interface ManifestArtifact {
  readonly type: string;
  readonly environment?: string;
  readonly properties?: { readonly templateFile?: string; readonly stackName?: string };
  readonly displayName?: string;
}

/** Reads a synthesized cloud assembly (manifest.json, templates, nested templates) into the model of a deployed account. */
export function loadModel(assemblyDir: string, opts: { account?: string } = {}): SimModel {
  const manifest = JSON.parse(fs.readFileSync(path.join(assemblyDir, 'manifest.json'), 'utf8')) as { artifacts?: Record<string, ManifestArtifact> };
  const world = new ModelBuilder(assemblyDir);
  let account = opts.account;
  for (const [id, a] of Object.entries(manifest.artifacts ?? {})) {
    if (a.type !== 'aws:cloudformation:stack' || !a.properties?.templateFile) continue;
    const [, envAccount, region] = /^aws:\/\/([^/]+)\/(.+)$/.exec(a.environment ?? '') ?? [];
    account ??= envAccount;
    const b = new StackBuilder(world, assemblyDir, a.properties.templateFile, { name: a.properties.stackName ?? id, region, account: opts.account ?? envAccount });
    world.builders.push(b);
  }
  for (const b of world.builders) b.build();
  return {
    account: account ?? '123456789012',
    stacks: world.builders.map((b) => b.stack),
    allStacks: () => world.all(),
    allResources: () => world.all().flatMap((s) => s.resources),
  };
}
