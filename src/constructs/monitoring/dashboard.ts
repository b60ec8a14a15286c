import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { Construct } from 'constructs';

export interface EnvironmentDashboardProps {
  /** @default - CloudFormation-generated name */
  readonly dashboardName?: string;
  /** Free text shown at the top (environment, tier, regions). @default - none */
  readonly description?: string;
  /** @default 24 hours */
  readonly defaultRange?: Duration;
}

/** One CloudWatch dashboard per environment: a header, then one titled section per resource. */
export class EnvironmentDashboard extends Construct {
  public readonly dashboard: cloudwatch.Dashboard;
  private sectionCount = 0;

  constructor(scope: Construct, id: string, props: EnvironmentDashboardProps = {}) {
    super(scope, id);
    this.dashboard = new cloudwatch.Dashboard(this, 'Dashboard', {
      dashboardName: props.dashboardName,
      defaultInterval: props.defaultRange ?? Duration.hours(24),
    });
    if (props.description) this.dashboard.addWidgets(new cloudwatch.TextWidget({ markdown: props.description, width: 24, height: 2 }));
  }

  /** Adds a section: a markdown heading then the widgets (laid out left to right, wrapping at 24 columns). */
  public addSection(title: string, widgets: readonly cloudwatch.IWidget[]): void {
    if (widgets.length === 0) return;
    this.sectionCount += 1;
    this.dashboard.addWidgets(new cloudwatch.TextWidget({ markdown: `## ${title}`, width: 24, height: 1 }));
    this.dashboard.addWidgets(...widgets);
  }

  /** Number of non-empty sections added. */
  public get sections(): number {
    return this.sectionCount;
  }
}
