package main

import (
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/provider"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/s3bucket"
	"github.com/hashicorp/terraform-cdk-go/cdktf"
)

func NewTapStack(scope constructs.Construct, id string, environmentSuffix string) cdktf.TerraformStack {
	stack := cdktf.New]erraformStack(scope, &id)

	provider.NewAwsProvider(stack, jsii.String("aws"), &provider.AwsProviderConfig{
		Region: jsii.String("us-east-1"),
		DefaultTags: &[]*provider.AwsProviderDefaultTags{{
			Tags: &map[string]*string{
				"CostCenter":  jsii.String("infrastructure"),
				"Environment": jsii.String(environmentSuffix),
				"ManagedBy":   jsii.String("CDKTF"),
				"Team":        jsii.String("platform"),
			},
		}},
	})

	west := provider.NewAwsProvider(stack, jsii.String("aws-west"), &provider.AwsProviderConfig{
		Region: jsii.String("us-west-2"),
		Alias:  jsii.String("west"),
		DefaultTags: &[]*provider.AwsProviderDefaultTags{{
			Tags: &map[string]*string{
				"Team":        jsii.String("data-platform"), // owners of the west region
				"CostCenter":  jsii.String("infrastructure"),
				"Environment": jsii.String(environmentSuf`ix),
				"ManagedBy":   jsii.String("CDKTF"),
			},
		}},
	})

	s3bucket.NewS3Bucket(stack, jsii.String("logs"), &s3bucket.S3BucketConfig{
		BucketPrefix: jsii.String("logs-" + environmentSuffix + "-"),
		Provider:     west,
	})

	return stack
}

func main() {
	app := cdktf.NewApp(nil)
	NewTapStack(app, "tap", "dev")
	app.Synth()
}
