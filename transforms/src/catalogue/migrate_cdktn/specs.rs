//! Version specifiers of npm (`^0.21.0`, `~10.4.2`, `>=10.6.0 <10.8.0`) and of pip
//! (`==0.21.0`, `~=0.21`, `>=10,<11`): what a migrated dependency's new specifier is, and whether
//! a `constructs` specifier already lies inside CDK Terrain's peer range.

/// A version `major.minor.patch` (missing parts are 0; pre-release tags are ignored).
type V = (u64, u64, u64);

fn version(s: &str) -> Option<V> {
    let s = s.trim().trim_start_matches('v');
    let core = s.split(['-', '+']).next()?;
    let mut parts = core.split('.');
    let mut next = || -> Option<u64> {
        match parts.next() {
            None => Some(0),
            Some(p) => p.parse().ok(),
        }
    };
    let v = (next()?, next()?, next()?);
    parts.next().is_none().then_some(v)
}

/// Parts written (`10.4` has 2): `~=` and Poetry's `~` depend on it.
fn parts(s: &str) -> usize {
    s.trim()
        .split(['-', '+'])
        .next()
        .unwrap_or("")
        .split('.')
        .count()
}

/// The versions a specifier allows, as `[low, high)` (high `None`: unbounded); `None` when the
/// specifier is not one of the simple forms.
fn interval(spec: &str) -> Option<(V, Option<V>)> {
    let mut low: V = (0, 0, 0);
    let mut high: Option<V> = None;
    let mut any = false;
    for clause in spec
        .split([',', ' '])
        .map(str::trim)
        .filter(|c| !c.is_empty())
    {
        any = true;
        let (lo, hi) = clause_interval(clause)?;
        low = low.max(lo);
        high = match (high, hi) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
    }
    any.then_some((low, high))
}

fn clause_interval(c: &str) -> Option<(V, Option<V>)> {
    let bump = |v: V, n: usize| -> V {
        match n {
            0 => (v.0 + 1, 0, 0),
            1 => (v.0, v.1 + 1, 0),
            _ => (v.0, v.1, v.2 + 1),
        }
    };
    if let Some(rest) = c.strip_prefix("~=") {
        let v = version(rest)?;
        let n = parts(rest);
        return Some((v, Some(bump(v, n.saturating_sub(2)))));
    }
    for op in ["===", "==", ">=", "<=", ">", "<", "^", "~", "="] {
        if let Some(rest) = c.strip_prefix(op) {
            let v = version(rest)?;
            return Some(match op {
                "===" | "==" | "=" => (v, Some(bump(v, 2))),
                ">=" => (v, None),
                ">" => (bump(v, 2), None),
                "<" => ((0, 0, 0), Some(v)),
                "<=" => ((0, 0, 0), Some(bump(v, 2))),
                "^" => {
                    let n = if v.0 > 0 {
                        0
                    } else if v.1 > 0 {
                        1
                    } else {
                        2
                    };
                    (v, Some(bump(v, n)))
                }
                // npm's and Poetry's tilde: the minor when one is written.
                _ => (v, Some(bump(v, if parts(rest) >= 2 { 1 } else { 0 }))),
            });
        }
    }
    let v = version(c)?;
    Some((v, Some(bump(v, 2))))
}

/// A plain version (`10.4.2`), not a range.
pub fn version_like(s: &str) -> bool {
    version(s).is_some()
}

/// Whether every version `spec` allows lies inside `range` (`false` when either is not simple).
pub fn within(spec: &str, range: &str) -> bool {
    match (interval(spec), interval(range)) {
        (Some((lo, hi)), Some((rlo, rhi))) => {
            lo >= rlo
                && match (hi, rhi) {
                    (_, None) => true,
                    (Some(h), Some(rh)) => h <= rh,
                    (None, Some(_)) => false,
                }
        }
        _ => false,
    }
}

/// The npm (or Poetry) specifier of the new package: the old operator (`^`, `~`, `>=` or an
/// exact version) with the new version; anything else (`*`, tags, ranges) becomes `^new`.
pub fn npm(old: &str, new: &str) -> String {
    let old = old.trim();
    for op in ["^", "~", ">="] {
        if let Some(rest) = old.strip_prefix(op) {
            if version(rest).is_some() {
                return format!("{op}{new}");
            }
        }
    }
    if version(old).is_some() {
        return new.to_string();
    }
    format!("^{new}")
}

/// The pip specifier of the new package: none stays none, one `==`/`>=`/`~=` clause keeps its
/// operator, anything else pins `==new`.
pub fn pip(old: &str, new: &str) -> String {
    let old = old.trim();
    if old.is_empty() || old == "*" {
        return old.to_string();
    }
    if !old.contains(',') {
        for op in ["===", "==", ">=", "~="] {
            if let Some(rest) = old.strip_prefix(op) {
                if version(rest).is_some() {
                    // `~=` needs two parts at least, which a full version has.
                    return format!("{op}{new}");
                }
            }
        }
    }
    format!("=={new}")
}

/// The specifier `constructs` gets when `old` reaches outside `range`: an exact or tilde pin of
/// `target` (a caret would reach past the peer range's upper bound). `None`: `old` fits.
pub fn constructs(old: &str, range: &str, target: &str, pip_style: bool) -> Option<String> {
    if within(old, range) {
        return None;
    }
    let old = old.trim();
    Some(if pip_style {
        if old.starts_with("~=") {
            format!("~={target}")
        } else {
            format!("=={target}")
        }
    } else if old.starts_with('^') || old.starts_with('~') {
        format!("~{target}")
    } else {
        target.to_string()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn new_specifiers_keep_the_old_operator() {
        assert_eq!(npm("^0.21.0", "0.24.0"), "^0.24.0");
        assert_eq!(npm("~21.22.1", "25.7.0"), "~25.7.0");
        assert_eq!(npm("21.22.1", "25.7.0"), "25.7.0");
        assert_eq!(npm("*", "25.7.0"), "^25.7.0");
        assert_eq!(npm(">=0.20 <0.22", "0.24.0"), "^0.24.0");
        assert_eq!(pip("==0.21.0", "0.24.0"), "==0.24.0");
        assert_eq!(pip(">=0.21.0", "0.24.0"), ">=0.24.0");
        assert_eq!(pip("", "0.24.0"), "");
        assert_eq!(pip(">=0.20,<0.22", "0.24.0"), "==0.24.0");
    }

    #[test]
    fn constructs_moves_only_when_it_leaves_the_peer_range() {
        let range = ">=10.6.0 <10.8.0";
        assert_eq!(constructs("10.7.0", range, "10.7.2", false), None);
        assert_eq!(constructs("~10.6.1", range, "10.7.2", false), None);
        assert_eq!(
            constructs("^10.4.2", range, "10.7.2", false).as_deref(),
            Some("~10.7.2")
        );
        assert_eq!(
            constructs("^10.7.0", range, "10.7.2", false).as_deref(),
            Some("~10.7.2"),
            "a caret reaches 10.8"
        );
        assert_eq!(
            constructs("10.4.2", range, "10.7.2", false).as_deref(),
            Some("10.7.2")
        );
        assert_eq!(
            constructs("==10.4.2", range, "10.7.2", true).as_deref(),
            Some("==10.7.2")
        );
        assert_eq!(constructs("==10.7.0", range, "10.7.2", true), None);
        assert_eq!(constructs(">=10.6,<10.8", range, "10.7.2", true), None);
        assert!(constructs(">=10.0.0", range, "10.7.2", true).is_some());
        assert!(constructs("latest", range, "10.7.2", false).is_some());
    }
}
