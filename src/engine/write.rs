//! Atomic writes: a temporary file in the same directory, fsync, rename over the original.
//! The original's permissions are kept; a file that changed since it was read is not touched.

use std::fmt;
use std::fs;
use std::io::Write;
use std::path::Path;

#[derive(Debug)]
pub enum WriteError {
    /// The file on disk no longer holds the bytes the fixes were computed from.
    ChangedOnDisk,
    /// The file is read-only; cdktf-fix does not override that.
    ReadOnly,
    Io(std::io::Error),
}

impl fmt::Display for WriteError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            WriteError::ChangedOnDisk => write!(
                f,
                "the file changed on disk while it was being fixed; left as it is"
            ),
            WriteError::ReadOnly => write!(f, "the file is read-only; left as it is"),
            WriteError::Io(e) => write!(f, "cannot write the file: {e}"),
        }
    }
}

impl From<std::io::Error> for WriteError {
    fn from(e: std::io::Error) -> Self {
        WriteError::Io(e)
    }
}

/// Replaces `path`'s contents with `contents`, provided it still holds `original`.
pub fn write_atomic(path: &Path, original: &[u8], contents: &[u8]) -> Result<(), WriteError> {
    // Write through a symlink to its target, keeping the link.
    let target = fs::canonicalize(path)?;
    let meta = fs::metadata(&target)?;
    if meta.permissions().readonly() {
        return Err(WriteError::ReadOnly);
    }
    if fs::read(&target)? != original {
        return Err(WriteError::ChangedOnDisk);
    }
    let dir = target.parent().unwrap_or(Path::new("."));
    let mut tmp = tempfile::Builder::new()
        .prefix(".cdktf-fix-")
        .suffix(".tmp")
        .tempfile_in(dir)?;
    tmp.write_all(contents)?;
    tmp.as_file().set_permissions(meta.permissions())?;
    tmp.as_file().sync_all()?;
    tmp.persist(&target).map_err(|e| WriteError::Io(e.error))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_contents_and_keeps_permissions() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("a.ts");
        fs::write(&p, "old").unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            fs::set_permissions(&p, fs::Permissions::from_mode(0o640)).unwrap();
        }
        write_atomic(&p, b"old", b"new").unwrap();
        assert_eq!(fs::read(&p).unwrap(), b"new");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            assert_eq!(
                fs::metadata(&p).unwrap().permissions().mode() & 0o777,
                0o640
            );
        }
        let leftovers: Vec<_> = fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(leftovers.len(), 1, "no temporary file is left behind");
    }

    #[test]
    fn refuses_a_file_that_changed_since_it_was_read() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("a.ts");
        fs::write(&p, "edited meanwhile").unwrap();
        assert!(matches!(
            write_atomic(&p, b"old", b"new"),
            Err(WriteError::ChangedOnDisk)
        ));
        assert_eq!(fs::read(&p).unwrap(), b"edited meanwhile");
    }

    #[test]
    fn refuses_a_read_only_file() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("a.ts");
        fs::write(&p, "old").unwrap();
        let mut perm = fs::metadata(&p).unwrap().permissions();
        perm.set_readonly(true);
        fs::set_permissions(&p, perm).unwrap();
        assert!(matches!(
            write_atomic(&p, b"old", b"new"),
            Err(WriteError::ReadOnly)
        ));
    }
}
