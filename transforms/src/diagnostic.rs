//! What a transform reports: a [`Diagnostic`] with an optional [`Fix`], a set of byte-range
//! [`Edit`]s applied whole or not at all, and the fix's [`Safety`].

use std::ops::Range;

/// How much a fix may change what gets deployed (ruff's fix applicability).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Safety {
    /// Keeps the author's intent and what gets deployed (or repairs code that could not deploy).
    Safe,
    /// Changes deployed behaviour: applied only with `--unsafe-fixes`.
    Unsafe,
}

impl Safety {
    pub fn name(self) -> &'static str {
        match self {
            Safety::Safe => "safe",
            Safety::Unsafe => "unsafe",
        }
    }
}

/// One replacement of a byte range of the (BOM-less) source text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Edit {
    pub range: Range<usize>,
    pub text: String,
}

impl Edit {
    pub fn replace(range: Range<usize>, text: impl Into<String>) -> Edit {
        Edit {
            range,
            text: text.into(),
        }
    }
    pub fn insert(at: usize, text: impl Into<String>) -> Edit {
        Edit::replace(at..at, text)
    }
    pub fn delete(range: Range<usize>) -> Edit {
        Edit::replace(range, "")
    }
}

/// A set of edits that together repair one diagnostic; applied whole or not at all.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fix {
    pub safety: Safety,
    pub edits: Vec<Edit>,
}

impl Fix {
    pub fn safe(edits: Vec<Edit>) -> Fix {
        Fix {
            safety: Safety::Safe,
            edits,
        }
    }
    pub fn unsafe_(edits: Vec<Edit>) -> Fix {
        Fix {
            safety: Safety::Unsafe,
            edits,
        }
    }
}

/// One problem found in a file, with the fix when there is one.
#[derive(Clone, Debug)]
pub struct Diagnostic {
    pub transform: &'static str,
    pub range: Range<usize>,
    pub message: String,
    pub fix: Option<Fix>,
}
