/** The single DynamoDB table, built from the description lib/store/table.ts shares with local engines. */

import { RemovalPolicy } from "aws-cdk-lib";
import { type Attribute, AttributeType, BillingMode, ProjectionType, Table } from "aws-cdk-lib/aws-dynamodb";
import { type IGrantable, PolicyStatement } from "aws-cdk-lib/aws-iam";
import { Construct } from "constructs";
import { type KeyAttribute, TABLE, type TableDescription } from "../store/table.ts";

// Explicit actions rather than grantReadData/grantReadWriteData: exactly the calls DynamoStore makes. No
// role may delete an item (versions are kept for ever and article records expire by TTL), scan the table
// or describe it (only the CLI's local bootstrap does).
export const TABLE_READ_ACTIONS = ["dynamodb:GetItem", "dynamodb:Query"] as const;
export const TABLE_WRITE_ACTIONS = ["dynamodb:PutItem", "dynamodb:UpdateItem"] as const;

const ATTRIBUTE_TYPES: Record<KeyAttribute["type"], AttributeType> = {
  S: AttributeType.STRING,
  N: AttributeType.NUMBER,
};
const BILLING_MODES: Record<TableDescription["billingMode"], BillingMode> = {
  PAY_PER_REQUEST: BillingMode.PAY_PER_REQUEST,
};
const PROJECTIONS: Record<TableDescription["globalSecondaryIndexes"][number]["projection"], ProjectionType> =
  {
    ALL: ProjectionType.ALL,
  };

const attribute = (key: KeyAttribute): Attribute => ({ name: key.name, type: ATTRIBUTE_TYPES[key.type] });

export class TollWatchTable extends Construct {
  readonly table: Table;
  private readonly shape: TableDescription;

  constructor(scope: Construct, id: string, description: TableDescription = TABLE) {
    super(scope, id);
    this.shape = description;
    this.table = new Table(this, "Table", {
      partitionKey: attribute(description.partitionKey),
      sortKey: attribute(description.sortKey),
      billingMode: BILLING_MODES[description.billingMode],
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: true,
      // The toll history is the product; deleting the stack must not delete it.
      removalPolicy: RemovalPolicy.RETAIN,
      timeToLiveAttribute: description.timeToLiveAttribute,
    });
    for (const index of description.globalSecondaryIndexes) {
      this.table.addGlobalSecondaryIndex({
        indexName: index.indexName,
        partitionKey: attribute(index.partitionKey),
        sortKey: attribute(index.sortKey),
        projectionType: PROJECTIONS[index.projection],
      });
    }
  }

  get tableName(): string {
    return this.table.tableName;
  }

  grantRead(grantee: IGrantable): void {
    this.grant(grantee, TABLE_READ_ACTIONS);
  }

  grantReadWrite(grantee: IGrantable): void {
    this.grant(grantee, [...TABLE_READ_ACTIONS, ...TABLE_WRITE_ACTIONS]);
  }

  /** Read, and mark an alert sent (an update of an existing version): the sweep never writes an item. */
  grantAlertMarking(grantee: IGrantable): void {
    this.grant(grantee, [...TABLE_READ_ACTIONS, "dynamodb:UpdateItem"]);
  }

  // Each index by name, so no policy needs the "index/*" wildcard.
  private grant(grantee: IGrantable, actions: readonly string[]): void {
    const resources = [
      this.table.tableArn,
      ...this.shape.globalSecondaryIndexes.map((index) => `${this.table.tableArn}/index/${index.indexName}`),
    ];
    grantee.grantPrincipal.addToPrincipalPolicy(new PolicyStatement({ actions: [...actions], resources }));
  }
}
