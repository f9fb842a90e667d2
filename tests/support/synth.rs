//! Shared by the CDK Terrain proofs (`tests/conformance_cdktn.rs`, `tests/conformance_python.rs`):
//! what of a synthesized stack a migration must leave unchanged.

/// A stack's configuration as deployed, less what a migration may change: cdktf's `//` metadata
/// and the `terraform` block (required provider versions, the backend).
pub fn deployed(stack: &serde_json::Value) -> serde_json::Value {
    fn strip(v: &serde_json::Value) -> serde_json::Value {
        match v {
            serde_json::Value::Object(m) => serde_json::Value::Object(
                m.iter()
                    .filter(|(k, _)| k.as_str() != "//")
                    .map(|(k, v)| (k.clone(), strip(v)))
                    .collect(),
            ),
            serde_json::Value::Array(a) => serde_json::Value::Array(a.iter().map(strip).collect()),
            other => other.clone(),
        }
    }
    let mut v = strip(stack);
    if let Some(m) = v.as_object_mut() {
        m.remove("terraform");
    }
    v
}
