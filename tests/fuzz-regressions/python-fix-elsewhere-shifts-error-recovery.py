from constructs import Construct
from cdktn import TerraformStack
from cdktn_provider_aws.provider import AwsProvider


class PlainStack(TerraformStack):
    def __init__(self, scope: Construct, ns: str):
        super().__init__(scope, ns)

        AwsProvider(self, "aws", region="us-east-1")
        AwsProvider(self, "aws-west", regionfault_tags=[{"tagss="west", default_tags=[{"tags": {"Team": "platform"}}])
