// A stack as a code generator wrote it (seeds 000 and 001): invented S3 class names and
// security-group port ranges the AWS provider rejects or that do not mean what was intended.
import { Construct } from "constructs";
import { App, TerraformStack } from "cdktf";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { S3BucketVersioningV2 } from "@cdktf/provider-aws/lib/s3-bucket-versioning";
import {
  S3BucketServerSideEncryptionConfiguration,
  S3BucketServerSideEncryptionConfigurationRuleV2,
} from "@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration";
import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { SecurityGroupRule } from "@cdktf/provider-aws/lib/security-group-rule";
import { VpcSecurityGroupEgressRule } from "@cdktf/provider-aws/lib/vpc-security-group-egress-rule";

class AppStack extends TerraformStack {
  constructor(scope: Construct, id: string) {
    super(scope, id);

    new AwsProvider(this, "aws", { region: "us-east-1" });

    const logs = new S3Bucket(this, "logs", { bucketPrefix: "app-logs-" });

    new S3BucketVersioningV2(this, "logs-versioning", {
      bucket: logs.id,
      versioningConfiguration: { status: "Enabled" },
    });

    const rule: S3BucketServerSideEncryptionConfigurationRuleV2 = {
      applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" },
    };
    new S3BucketServerSideEncryptionConfiguration(this, "logs-encryption", {
      bucket: logs.id,
      rule: [rule],
    });

    const web = new SecurityGroup(this, "web", {
      name: "web",
      description: "Web tier",
      ingress: [
        { description: "HTTPS", fromPort: 443, toPort: 443, protocol: "tcp", cidrBlocks: ["0.0.0.0/0"] },
      ],
      egress: [
        // allow all egress
        { description: "All egress", fromPort: 0, toPort: 65535, protocol: "-1", cidrBlocks: ["0.0.0.0/0"] },
      ],
    });

    new SecurityGroupRule(this, "web-egress-all", {
      type: "egress",
      securityGroupId: web.id,
      fromPort: 0,
      toPort: 0,
      protocol: "tcp",
      cidrBlocks: ["0.0.0.0/0"],
    });

    new VpcSecurityGroupEgressRule(this, "web-egress-v2", {
      securityGroupId: web.id,
      ipProtocol: "-1",
      fromPort: 0,
      toPort: 65535,
      cidrIpv4: "0.0.0.0/0",
    });
  }
}

const app = new App();
new AppStack(app, "app");
app.synth();
