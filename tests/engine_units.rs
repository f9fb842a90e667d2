//! Transforms and manifests driven through the engine: the unit tests of the `transforms`
//! crate that need the fix loop and its syntax net, which live in this crate.

use cdktf_fix::config::Config;
use cdktf_fix::engine::{Engine, Refused};
use transforms::catalogue::by_id;
use transforms::manifest::Manifest;
use transforms::{
    Context, Diagnostic, Edit, Fix, Lang, ParsedFile, Safety, Transform, TransformMeta,
};

mod default_tags {
    use super::*;

    fn fix(lang: Lang, config: &str, text: &str) -> (String, Vec<String>) {
        let config = Config::parse(config, std::path::Path::new("cdktf-fix.toml")).unwrap();
        let rule = by_id("default-tags").unwrap();
        let engine = Engine::new(vec![rule], config, false);
        let fixed = engine.fix(lang, text).unwrap();
        let remaining = fixed.remaining.iter().map(|d| d.message.clone()).collect();
        (fixed.text, remaining)
    }

    const GO_CONFIG: &str =
        "[default-tags]\nTeam = \"platform\"\nCostCenter = \"infrastructure\"\n";

    const GO_INPUT: &str = "package main\n\nimport (\n\t\"github.com/aws/jsii-runtime-go\"\n\t\"github.com/cdktf/cdktf-provider-aws-go/aws/v19/provider\"\n)\n\nfunc f() {\n\tprovider.NewAwsProvider(nil, jsii.String(\"aws\"), &provider.AwsProviderConfig{\n\t\tDefaultTags: &[]*provider.AwsProviderDefaultTags{{\n\t\t\tTags: &map[string]*string{\n\t\t\t\t\"Team\": jsii.String(\"data\"), // owners\n\t\t\t},\n\t\t}},\n\t})\n}\n";

    #[test]
    fn go_keys_are_aligned_and_comments_stay_on_their_line() {
        let (out, remaining) = fix(Lang::Go, GO_CONFIG, GO_INPUT);
        assert!(remaining.is_empty(), "{remaining:?}");
        assert!(
            out.contains("\t\t\t\t\"Team\":       jsii.String(\"data\"), // owners\n\t\t\t\t\"CostCenter\": jsii.String(\"infrastructure\"),\n\t\t\t},"),
            "{out}"
        );
    }

    #[test]
    fn crlf_files_keep_crlf_after_a_line_comment() {
        let (lf, _) = fix(Lang::Go, GO_CONFIG, GO_INPUT);
        let (crlf, _) = fix(Lang::Go, GO_CONFIG, &GO_INPUT.replace('\n', "\r\n"));
        assert_eq!(crlf, lf.replace('\n', "\r\n"));
    }

    #[test]
    fn go_without_jsii_is_reported_not_fixed() {
        let input = GO_INPUT.replace("\t\"github.com/aws/jsii-runtime-go\"\n", "");
        let (out, remaining) = fix(Lang::Go, GO_CONFIG, &input);
        assert_eq!(out, input);
        assert_eq!(remaining.len(), 1);
        assert!(remaining[0].contains("jsii-runtime-go"), "{remaining:?}");
    }

    #[test]
    fn python_star_imports_and_plain_calls() {
        let input =
            "from cdktf_cdktf_provider_aws.provider import *\n\nAwsProvider(self, \"aws\")\n";
        let (out, _) = fix(Lang::Python, "[default-tags]\nTeam = \"platform\"\n", input);
        assert_eq!(
            out,
            "from cdktf_cdktf_provider_aws.provider import *\n\nAwsProvider(self, \"aws\", default_tags=[{\"tags\": {\"Team\": \"platform\"}}])\n"
        );
    }

    #[test]
    fn an_empty_table_only_reports() {
        let input = "from cdktf_cdktf_provider_aws.provider import AwsProvider\nAwsProvider(self, \"aws\")\n";
        let (out, remaining) = fix(Lang::Python, "[default-tags]\n", input);
        assert_eq!(out, input);
        assert_eq!(remaining.len(), 1);
    }

    #[test]
    fn other_providers_named_aws_provider_are_left_alone() {
        let input =
            "import { AwsProvider } from \"./my-provider\";\nnew AwsProvider(this, \"aws\", {});\n";
        let (out, remaining) = fix(
            Lang::TypeScript,
            "[default-tags]\nTeam = \"platform\"\n",
            input,
        );
        assert_eq!(out, input);
        assert!(remaining.is_empty());
    }
}

mod manifests {
    use super::*;

    /// A rule that drops the closing brace of a package.json: its output no longer parses.
    struct BreaksJson;
    static META: TransformMeta = TransformMeta {
        id: "breaks-json",
        kind: transforms::Kind::Defect,
        summary: "",
        languages: &[Lang::Manifest(Manifest::PackageJson)],
        fixes: &[Safety::Safe],
        triggers: &["cdktf"],
        reads_project: false,
        docs: "",
    };
    impl Transform for BreaksJson {
        fn meta(&self) -> &'static TransformMeta {
            &META
        }
        fn check(&self, file: &ParsedFile, _: &Context, out: &mut Vec<Diagnostic>) {
            if let Some(i) = file.text.rfind('}') {
                out.push(Diagnostic {
                    transform: META.id,
                    range: i..i + 1,
                    message: "x".into(),
                    fix: Some(Fix::safe(vec![Edit::delete(i..i + 1)])),
                });
            }
        }
    }

    #[test]
    fn a_manifest_rewrite_that_no_longer_parses_is_refused() {
        let engine = Engine::new(vec![&BreaksJson], Config::default(), false);
        let lang = Lang::Manifest(Manifest::PackageJson);
        let refused = engine.fix(lang, "{\"cdktf\": \"1\"}\n").unwrap_err();
        assert!(
            matches!(
                refused,
                Refused::WouldBreakSyntax {
                    before: 0,
                    after: 1,
                    ..
                }
            ),
            "{refused}"
        );
    }
}

mod migrate_cdktn_manifests {
    use super::*;

    /// Every prefix of every manifest fixture (truncated files, unterminated strings, unclosed
    /// tables and tags) is either migrated or left alone: never a panic, never a refused result.
    #[test]
    fn truncated_manifests_never_panic_or_break() {
        let engine = Engine::new(
            vec![by_id("migrate-cdktn").unwrap()],
            Config::default(),
            true,
        );
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/migrate-cdktn");
        let mut checked = 0;
        for case in std::fs::read_dir(&root).unwrap() {
            for file in std::fs::read_dir(case.unwrap().path()).unwrap() {
                let path = file.unwrap().path();
                let name = path.file_name().unwrap().to_string_lossy().into_owned();
                let Some(real) = name.strip_prefix("input.") else {
                    continue;
                };
                let Some(lang @ Lang::Manifest(_)) = Lang::from_path(std::path::Path::new(real))
                else {
                    continue;
                };
                let text = std::fs::read_to_string(&path).unwrap();
                for end in (0..=text.len()).filter(|&i| text.is_char_boundary(i)) {
                    let prefix = &text[..end];
                    if let Err(e) = engine.fix(lang, prefix) {
                        panic!("{name} cut at {end}: {e}\n{prefix}");
                    }
                }
                checked += 1;
            }
        }
        assert!(checked >= 8, "only {checked} manifest fixtures");
    }
}
