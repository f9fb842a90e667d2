//! `ebs-gp3` in Go: the struct literals of `NewInstance`, `NewLaunchTemplate` and `NewEbsVolume` of the Go bindings.

use super::META;
use crate::syntax::construct::go as cg;
use crate::syntax::{go, N};
use crate::{Diagnostic, Edit, Fix, ParsedFile};

fn go_check_type(body: &N, key: &str, out: &mut Vec<Diagnostic>) {
    let Some(value) = value(body, key) else {
        return;
    };
    let Some(s) = cg::literal_string(&value) else {
        return;
    };
    if go::string_value(&s).as_deref() != Some("gp2") {
        return;
    }
    let r = s.range();
    out.push(Diagnostic {
        transform: META.id,
        range: value.range(),
        message: format!(
            "`{key}` \"gp2\": gp3 costs about 20% less with a 3,000 IOPS / 125 MiB/s baseline at any size; use \"gp3\" (set Iops for volumes over 1,000 GiB)"
        ),
        fix: Some(Fix::unsafe_(vec![Edit::replace(r.start + 1..r.end - 1, "gp3")])),
    });
}

fn go_items<'r>(value: &N<'r>) -> Vec<N<'r>> {
    cg::body_of(value)
        .map(|b| {
            b.children()
                .filter(|c| c.kind() == "literal_element")
                .collect()
        })
        .unwrap_or_default()
}

/// The value of `key` in a literal body.
fn value<'r>(body: &N<'r>, key: &str) -> Option<N<'r>> {
    cg::field(body, key).map(|e| e.value)
}

pub(super) fn check(file: &ParsedFile, out: &mut Vec<Diagnostic>) {
    const CLASSES: &[(&str, &str)] = &[
        ("instance", "Instance"),
        ("launchtemplate", "LaunchTemplate"),
        ("ebsvolume", "EbsVolume"),
    ];
    for c in cg::constructs(file, CLASSES) {
        let Some(config) = c.body else {
            continue;
        };
        match c.class {
            "EbsVolume" => go_check_type(&config, "Type", out),
            "Instance" => {
                if let Some(b) = value(&config, "RootBlockDevice").and_then(|v| cg::body_of(&v)) {
                    go_check_type(&b, "VolumeType", out);
                }
                if let Some(list) = value(&config, "EbsBlockDevice") {
                    for item in go_items(&list) {
                        if let Some(b) = cg::body_of(&item) {
                            go_check_type(&b, "VolumeType", out);
                        }
                    }
                }
            }
            _ => {
                if let Some(list) = value(&config, "BlockDeviceMappings") {
                    for item in go_items(&list) {
                        if let Some(ebs) = cg::body_of(&item)
                            .and_then(|b| value(&b, "Ebs"))
                            .and_then(|v| cg::body_of(&v))
                        {
                            go_check_type(&ebs, "VolumeType", out);
                        }
                    }
                }
            }
        }
    }
}
