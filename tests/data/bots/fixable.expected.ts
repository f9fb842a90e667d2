// Two safe sg-port-range fixes and nothing else any transform reports (tests/bots.rs).
import { Construct } from "constructs";
import { TerraformStack } from "cdktf";
import { VpcSecurityGroupEgressRule } from "@cdktf/provider-aws/lib/vpc-security-group-egress-rule";
import { VpcSecurityGroupIngressRule } from "@cdktf/provider-aws/lib/vpc-security-group-ingress-rule";

export class Network extends TerraformStack {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    new VpcSecurityGroupEgressRule(this, "egress", {
      securityGroupId: "sg-123",
      description: "all egress",
      ipProtocol: "-1",
      cidrIpv4: "0.0.0.0/0",
    });
    new VpcSecurityGroupIngressRule(this, "ingress", { securityGroupId: "sg-123", description: "intranet", ipProtocol: "-1", cidrIpv4: "10.0.0.0/8" });
  }
}
