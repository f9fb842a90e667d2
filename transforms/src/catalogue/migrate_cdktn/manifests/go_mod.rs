//! `go.mod`: the `require` lines of CDKTF modules (paths with CDK Terrain's `/vMM`, versions).

use super::{unindexed, Migration, Target};

pub(super) fn migrate(m: &mut Migration) {
    let text = m.text;
    let mut in_require = false;
    let mut pos = 0;
    let mut any = false;
    for line in text.split_inclusive('\n') {
        let start = pos;
        pos += line.len();
        let code = line.split("//").next().unwrap_or("");
        let trimmed = code.trim();
        if in_require && trimmed == ")" {
            in_require = false;
            continue;
        }
        let spec = if in_require {
            trimmed
        } else if let Some(rest) = trimmed.strip_prefix("require") {
            let rest = rest.trim();
            if rest == "(" {
                in_require = true;
                continue;
            }
            rest
        } else {
            continue;
        };
        let mut words = spec.split_whitespace();
        let (Some(path), Some(version)) = (words.next(), words.next()) else {
            continue;
        };
        let path_at = start + code.find(path).unwrap_or(0);
        let version_at = path_at
            + path.len()
            + code[path_at - start + path.len()..]
                .find(version)
                .unwrap_or(0);
        let Some(old) = m.versions.cdktf_by_go(path) else {
            if path.starts_with("github.com/cdktf/cdktf-provider-") {
                m.block(path_at..path_at + path.len(), unindexed(path));
            }
            continue;
        };
        match m.target(old, false) {
            Target::Blocked(why) => m.block(path_at..path_at + path.len(), why),
            Target::New(new) => {
                any = true;
                let new_version = format!("v{}", new.version);
                m.edit(path_at..path_at + path.len(), new.go);
                m.edit(version_at..version_at + version.len(), new_version.clone());
                m.change(path, version, new.go, &new_version);
            }
        }
    }
    if any {
        m.plan
            .changes
            .push("run `go mod tidy` to update go.sum and the indirect requirements".into());
    }
}
