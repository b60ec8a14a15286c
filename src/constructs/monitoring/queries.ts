import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';

/** Database engine family, which decides the slow-query log's shape. */
export type SlowQueryEngine = 'postgres' | 'mysql';

export interface SecurityQueriesProps {
  /** Prefix of query names (folders in the console use `/`). @default 'haven' */
  readonly prefix?: string;
  /** CloudTrail log group: root activity, failed console logins, IAM changes. @default - those queries are skipped */
  readonly trailLogGroup?: logs.ILogGroup;
  /** VPC flow log group: rejected flows. @default - skipped */
  readonly flowLogGroup?: logs.ILogGroup;
  /** Database log groups (exported engine logs) for slow queries. @default - skipped */
  readonly databaseLogGroups?: readonly { readonly logGroup: logs.ILogGroup; readonly engine: SlowQueryEngine }[];
}

/**
 * Saved CloudWatch Logs Insights queries for the questions an incident or audit asks first. Saved in the account so
 * anyone on call can run them without knowing the log formats.
 */
export class SecurityQueries extends Construct {
  public readonly queries: logs.QueryDefinition[] = [];

  constructor(scope: Construct, id: string, props: SecurityQueriesProps) {
    super(scope, id);
    const prefix = props.prefix ?? 'haven';
    const add = (qid: string, name: string, queryString: logs.QueryString, logGroups: logs.ILogGroup[]) => {
      this.queries.push(new logs.QueryDefinition(this, qid, { queryDefinitionName: `${prefix}/${name}`, queryString, logGroups }));
    };

    if (props.flowLogGroup) {
      add('RejectedFlows', 'rejected-flows', new logs.QueryString({
        fields: ['@timestamp', 'srcAddr', 'dstAddr', 'dstPort', 'protocol', 'action'],
        filterStatements: ['action = "REJECT"'],
        statsStatements: ['count(*) as rejected by srcAddr, dstAddr, dstPort'],
        sort: 'rejected desc',
        limit: 100,
      }), [props.flowLogGroup]);
    }
    if (props.trailLogGroup) {
      const trail = [props.trailLogGroup];
      add('RootActivity', 'root-activity', new logs.QueryString({
        fields: ['@timestamp', 'eventName', 'eventSource', 'sourceIPAddress', 'userAgent'],
        filterStatements: ['userIdentity.type = "Root"', 'ispresent(eventName)'],
        sort: '@timestamp desc',
        limit: 100,
      }), trail);
      add('FailedConsoleLogins', 'failed-console-logins', new logs.QueryString({
        fields: ['@timestamp', 'userIdentity.arn', 'sourceIPAddress', 'errorMessage'],
        filterStatements: ['eventName = "ConsoleLogin"', 'responseElements.ConsoleLogin = "Failure"'],
        sort: '@timestamp desc',
        limit: 100,
      }), trail);
      add('IamChanges', 'iam-changes', new logs.QueryString({
        fields: ['@timestamp', 'eventName', 'userIdentity.arn', 'sourceIPAddress', 'requestParameters.roleName', 'requestParameters.userName', 'requestParameters.policyArn'],
        filterStatements: [
          'eventSource = "iam.amazonaws.com"',
          'eventName like /^(Create|Delete|Put|Attach|Detach|Update|Add|Remove)/',
        ],
        sort: '@timestamp desc',
        limit: 200,
      }), trail);
    }
    const dbGroups = props.databaseLogGroups ?? [];
    const postgres = dbGroups.filter((g) => g.engine === 'postgres').map((g) => g.logGroup);
    const mysql = dbGroups.filter((g) => g.engine === 'mysql').map((g) => g.logGroup);
    if (postgres.length > 0) {
      // log_min_duration_statement writes "duration: 1234.5 ms  statement: ..." lines.
      add('PostgresSlowQueries', 'db-slow-queries-postgres', new logs.QueryString({
        fields: ['@timestamp', '@message', '@logStream'],
        filterStatements: ['@message like /duration:/'],
        parseStatements: ['@message /duration: (?<durationMs>[0-9.]+) ms/'],
        sort: 'durationMs desc',
        limit: 50,
      }), postgres);
    }
    if (mysql.length > 0) {
      add('MysqlSlowQueries', 'db-slow-queries-mysql', new logs.QueryString({
        fields: ['@timestamp', '@message', '@logStream'],
        parseStatements: ['@message /Query_time: (?<queryTime>[0-9.]+)/'],
        filterStatements: ['ispresent(queryTime)'],
        sort: 'queryTime desc',
        limit: 50,
      }), mysql);
    }
  }
}
