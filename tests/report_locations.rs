//! After `fix` writes a file, every location it prints is a place in the file on disk: the
//! findings it leaves and the fixes it applied alike, in every format that prints one (github
//! annotations, SARIF results, the markdown body, `--show-fixes`). With `--dry-run` nothing is
//! written and applied fixes stay where they are in the file as read.
//!
//! The input is laid out so that the fixes move each other: the wildcard import becomes two
//! lines (everything below moves down a line) and `toPort: 65535` becomes `toPort: 0` (the
//! protocol after it moves four columns left).

use std::fs;
use std::process::Command;

const BIN: &str = env!("CARGO_BIN_EXE_cdktf-fix");

const INPUT: &str = r#"import * as aws from "@cdktf/provider-aws";

new aws.vpc.Vpc(this, "vpc", { cidrBlock: "10.0.0.0/16" });
new aws.securityGroup.SecurityGroup(this, "sg", {
  egress: [{ fromPort: 0, toPort: 65535, protocol: "-1", cidrBlocks: ["0.0.0.0/0"] }],
});
"#;

/// What each applied fix's location must point at in the file it describes.
fn expected_text(rule: &str) -> &'static str {
    match rule {
        "provider-imports" => "import {",
        "sg-port-range" => "protocol: \"-1\"",
        other => panic!("unexpected fix {other}"),
    }
}

/// Runs `fix` with `args` on a fresh copy of the input; returns stdout and the file afterwards.
fn fix(args: &[&str]) -> (String, String) {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("main.ts"), INPUT).unwrap();
    let out = Command::new(BIN)
        .arg("fix")
        .args(args)
        .arg("main.ts")
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert!(
        out.status.code().is_some_and(|c| c <= 1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let after = fs::read_to_string(dir.path().join("main.ts")).unwrap();
    (String::from_utf8(out.stdout).unwrap(), after)
}

/// The text from 1-based `line` and `column` (in characters) on.
fn at(text: &str, line: usize, column: usize) -> String {
    let l = text
        .lines()
        .nth(line - 1)
        .unwrap_or_else(|| panic!("no line {line}"));
    l.chars().skip(column - 1).collect()
}

/// Asserts that two fixes were listed and that each points at its text in `file`.
fn assert_each_points_at_its_fix(file: &str, listed: &[(String, usize, usize)], output: &str) {
    assert_eq!(listed.len(), 2, "{output}");
    for (rule, line, column) in listed {
        let there = at(file, *line, *column);
        assert!(
            there.starts_with(expected_text(rule)),
            "{rule} at {line}:{column} of the written file reads {there:?}\n{file}"
        );
    }
}

fn number(s: &str, key: &str) -> usize {
    let from = s.find(key).unwrap_or_else(|| panic!("{key} in {s}")) + key.len();
    s[from..]
        .chars()
        .take_while(char::is_ascii_digit)
        .collect::<String>()
        .parse()
        .unwrap()
}

/// (rule, line, column) of every `::notice` (a fix applied) of github annotations.
fn notices(stdout: &str) -> Vec<(String, usize, usize)> {
    stdout
        .lines()
        .filter(|l| {
            l.starts_with("::notice ") || l.starts_with("::warning ") && l.contains("Would fix: ")
        })
        .map(|l| {
            let rule = l
                .split("title=")
                .nth(1)
                .unwrap()
                .split("::")
                .next()
                .unwrap();
            (rule.to_string(), number(l, ",line="), number(l, ",col="))
        })
        .collect()
}

#[test]
fn github_notices_of_applied_fixes_point_into_the_written_file() {
    let (stdout, after) = fix(&["--format", "github"]);
    assert_ne!(after, INPUT, "the file was fixed");
    assert_each_points_at_its_fix(&after, &notices(&stdout), &stdout);
}

#[test]
fn sarif_notes_of_applied_fixes_point_into_the_written_file() {
    let (stdout, after) = fix(&["--format", "sarif"]);
    let doc: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    let notes: Vec<&serde_json::Value> = doc["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["level"] == "note")
        .collect();
    assert_eq!(notes.len(), 2, "{stdout}");
    for r in notes {
        let rule = r["ruleId"].as_str().unwrap();
        let region = &r["locations"][0]["physicalLocation"]["region"];
        let (line, column) = (
            region["startLine"].as_u64().unwrap() as usize,
            region["startColumn"].as_u64().unwrap() as usize,
        );
        let there = at(&after, line, column);
        assert!(
            there.starts_with(expected_text(rule)),
            "{rule} at {line}:{column} of the written file reads {there:?}"
        );
        let offset = region["byteOffset"].as_u64().unwrap() as usize;
        assert!(
            after[offset..].starts_with(expected_text(rule)),
            "{rule} at byte {offset} of the written file reads {:?}",
            &after[offset..]
        );
    }
}

#[test]
fn markdown_and_show_fixes_list_applied_fixes_at_their_lines_in_the_written_file() {
    let (stdout, after) = fix(&["--format", "markdown"]);
    let listed: Vec<(String, usize)> = stdout
        .lines()
        .filter_map(|l| l.strip_prefix("- line "))
        .map(|l| {
            let line: usize = l.split(':').next().unwrap().parse().unwrap();
            let rule = l.split('`').nth(1).unwrap().to_string();
            (rule, line)
        })
        .filter(|(rule, _)| matches!(rule.as_str(), "provider-imports" | "sg-port-range"))
        .collect();
    assert!(listed.len() >= 2, "{stdout}");
    for (rule, line) in &listed {
        let text = after.lines().nth(line - 1).unwrap();
        assert!(
            text.contains(expected_text(rule)),
            "{rule} at line {line}: {text:?}"
        );
    }

    let (stdout, after) = fix(&["--show-fixes"]);
    let shown: Vec<(String, usize, usize)> = stdout
        .lines()
        .filter_map(|l| l.strip_prefix("    "))
        .map(|l| {
            let (place, rest) = l.split_once(' ').unwrap();
            let (line, column) = place.split_once(':').unwrap();
            let rule = rest.split(' ').next().unwrap().to_string();
            (rule, line.parse().unwrap(), column.parse().unwrap())
        })
        .collect();
    assert_each_points_at_its_fix(&after, &shown, &stdout);
}

#[test]
fn with_dry_run_applied_fixes_stay_in_the_file_as_read() {
    let (stdout, after) = fix(&["--dry-run", "--format", "github"]);
    assert_eq!(after, INPUT, "nothing written");
    let found = notices(&stdout);
    assert_eq!(found.len(), 2, "{stdout}");
    for (rule, line, column) in found {
        let there = at(INPUT, line, column);
        let want = match rule.as_str() {
            "provider-imports" => "import * as aws",
            _ => expected_text(&rule),
        };
        assert!(
            there.starts_with(want),
            "{rule} at {line}:{column} reads {there:?}"
        );
    }
}
