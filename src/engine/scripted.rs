//! A transform for the engine's tests whose fix is a function of the file text.

use crate::config::Config;
use crate::engine::Engine;
use transforms::lang::Lang;
use transforms::{Context, Diagnostic, Edit, Fix, ParsedFile, Safety, Transform, TransformMeta};

/// A test transform whose fix is given by a function of the file text.
pub(crate) struct Scripted {
    pub meta: &'static TransformMeta,
    pub fix: fn(&str) -> Option<Edit>,
}

impl Transform for Scripted {
    fn meta(&self) -> &'static TransformMeta {
        self.meta
    }
    fn check(&self, file: &ParsedFile, _ctx: &Context, out: &mut Vec<Diagnostic>) {
        if let Some(edit) = (self.fix)(file.text) {
            out.push(Diagnostic {
                transform: self.meta.id,
                range: edit.range.clone(),
                message: "scripted".into(),
                fix: Some(Fix::safe(vec![edit])),
            });
        }
    }
}

pub(crate) static META: TransformMeta = TransformMeta {
    id: "scripted",
    kind: transforms::Kind::Defect,
    summary: "",
    languages: &[Lang::TypeScript],
    fixes: &[Safety::Safe],
    triggers: &["let"],
    reads_project: false,
    docs: "",
};

pub(crate) fn engine(transform: &'static Scripted) -> Engine {
    Engine::new(vec![transform], Config::default(), false)
}

/// A scripted transform under a registered id, so suppressions can name it.
pub(crate) static DEFAULT_TAGS_META: TransformMeta = TransformMeta {
    id: "default-tags",
    kind: transforms::Kind::Defect,
    ..META
};

pub(crate) static LET_B: Scripted = Scripted {
    meta: &DEFAULT_TAGS_META,
    fix: |t| t.find("let b").map(|i| Edit::replace(i..i + 3, "const")),
};
