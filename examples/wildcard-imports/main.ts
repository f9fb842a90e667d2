// A small, correct stack written the way many CDKTF projects start: one wildcard import of the
// whole AWS provider. It compiles and synthesizes as is; `cdktf-fix fix` only rewrites its
// imports into per-module ones (provider-imports), which is what scripts/measure-imports.sh
// measures: type-check and synth cost before and after.
import { Construct } from "constructs";
import { App, TerraformStack, TerraformOutput } from "cdktf";
import * as aws from "@cdktf/provider-aws";

class MyStack extends TerraformStack {
  constructor(scope: Construct, id: string) {
    super(scope, id);

    new aws.provider.AwsProvider(this, "aws", {
      region: "eu-west-1",
      defaultTags: [{ tags: { ManagedBy: "CDKTF", Project: "web" } }],
    });

    const vpc = new aws.vpc.Vpc(this, "vpc", {
      cidrBlock: "10.0.0.0/16",
      enableDnsHostnames: true,
      enableDnsSupport: true,
      tags: { Name: "main" },
    });

    const zones = ["eu-west-1a", "eu-west-1b"];
    const subnets = zones.map(
      (zone, i) =>
        new aws.subnet.Subnet(this, `public-${i}`, {
          vpcId: vpc.id,
          cidrBlock: `10.0.${i}.0/24`,
          availabilityZone: zone,
          mapPublicIpOnLaunch: true,
          tags: { Name: `public-${zone}` },
        }),
    );

    const igw = new aws.internetGateway.InternetGateway(this, "igw", {
      vpcId: vpc.id,
      tags: { Name: "main" },
    });

    const routes = new aws.routeTable.RouteTable(this, "public", {
      vpcId: vpc.id,
      route: [{ cidrBlock: "0.0.0.0/0", gatewayId: igw.id }],
      tags: { Name: "public" },
    });
    subnets.forEach(
      (subnet, i) =>
        new aws.routeTableAssociation.RouteTableAssociation(this, `public-${i}-routes`, {
          subnetId: subnet.id,
          routeTableId: routes.id,
        }),
    );

    const web = new aws.securityGroup.SecurityGroup(this, "web", {
      name: "web",
      description: "Web tier",
      vpcId: vpc.id,
      ingress: [
        { description: "HTTPS", fromPort: 443, toPort: 443, protocol: "tcp", cidrBlocks: ["0.0.0.0/0"] },
      ],
      egress: [
        { description: "All egress", fromPort: 0, toPort: 0, protocol: "-1", cidrBlocks: ["0.0.0.0/0"] },
      ],
    });

    const assets = new aws.s3Bucket.S3Bucket(this, "assets", { bucketPrefix: "web-assets-" });
    new aws.s3BucketVersioning.S3BucketVersioningA(this, "assets-versioning", {
      bucket: assets.id,
      versioningConfiguration: { status: "Enabled" },
    });

    const assumeRole: aws.dataAwsIamPolicyDocument.DataAwsIamPolicyDocumentStatement = {
      actions: ["sts:AssumeRole"],
      principals: [{ type: "Service", identifiers: ["ec2.amazonaws.com"] }],
    };
    const trust = new aws.dataAwsIamPolicyDocument.DataAwsIamPolicyDocument(this, "trust", {
      statement: [assumeRole],
    });
    const role = new aws.iamRole.IamRole(this, "web-role", {
      name: "web",
      assumeRolePolicy: trust.json,
    });

    new TerraformOutput(this, "security_group_id", { value: web.id });
    new TerraformOutput(this, "role_arn", { value: role.arn });
    new TerraformOutput(this, "bucket", { value: assets.bucket });
  }
}

const app = new App();
new MyStack(app, "wildcard");
app.synth();
