//! Reading inputs and writing outputs: whole or not at all.

use anyhow::Context;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

/// An input file's bytes and the name to use in messages.
pub struct Input {
    /// `-` for stdin, else the path as given.
    pub name: String,
    /// The bytes, at most the input limit (plus one, to detect excess).
    pub bytes: Vec<u8>,
}

/// Reads FILE or stdin (`-`), refusing more than the input limit.
pub fn read_input(path: &Path) -> anyhow::Result<Input> {
    let limit = calico_spec::limits::MAX_INPUT_BYTES as u64 + 1;
    let name = path.display().to_string();
    let mut bytes = Vec::new();
    if name == "-" {
        std::io::stdin()
            .take(limit)
            .read_to_end(&mut bytes)
            .context("reading stdin")?;
    } else {
        let meta = std::fs::metadata(path).with_context(|| format!("{name}: cannot read"))?;
        if meta.is_dir() {
            anyhow::bail!("{name}: is a directory; give a spec file");
        }
        std::fs::File::open(path)
            .with_context(|| format!("{name}: cannot open"))?
            .take(limit)
            .read_to_end(&mut bytes)
            .with_context(|| format!("{name}: cannot read"))?;
    }
    Ok(Input { name, bytes })
}

/// Writes the whole output to stdout at once. A closed pipe (`| head`) is
/// not an error.
pub fn emit(bytes: &[u8]) -> anyhow::Result<()> {
    emit_with(|w| w.write_all(bytes))
}

/// Writes to stdout through `write`, which should write in few, large
/// pieces (`Manifest::write_yaml` hands the documents over in one vectored
/// write). A closed pipe is not an error.
pub fn emit_with(
    write: impl FnOnce(&mut std::io::StdoutLock<'static>) -> std::io::Result<()>,
) -> anyhow::Result<()> {
    let mut out = std::io::stdout().lock();
    match write(&mut out).and_then(|()| out.flush()) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => Err(e).context("writing to stdout"),
    }
}

/// Whether a file name is one `--output-dir` writes: `NNN-kind-name.yaml`.
fn is_manifest_file(name: &str) -> bool {
    let b = name.as_bytes();
    b.len() > 9 && b[..3].iter().all(u8::is_ascii_digit) && b[3] == b'-' && name.ends_with(".yaml")
}

/// Writes each (file name, content) into DIR, each through a temporary file
/// renamed into place, so no file is ever half-written. Files of an earlier
/// render that the new one does not have are removed afterwards, so that
/// `kubectl apply -f DIR` never applies stale objects; a DIR holding other
/// files is refused before anything is written.
pub fn write_dir(dir: &Path, files: &[(String, String)]) -> anyhow::Result<usize> {
    std::fs::create_dir_all(dir).with_context(|| format!("{}: cannot create", dir.display()))?;
    let mut earlier = Vec::new();
    for entry in
        std::fs::read_dir(dir).with_context(|| format!("{}: cannot read", dir.display()))?
    {
        let entry = entry.with_context(|| format!("{}: cannot read", dir.display()))?;
        let name = entry.file_name().to_string_lossy().into_owned();
        if !is_manifest_file(&name) || !entry.file_type().is_ok_and(|t| t.is_file()) {
            anyhow::bail!(
                "{}: holds {name:?}, which calico-render did not write; give an empty directory (or one holding only an earlier render)",
                dir.display()
            );
        }
        earlier.push(name);
    }
    for (name, content) in files {
        write_file(dir, name, content.as_bytes())?;
    }
    for name in earlier {
        if !files.iter().any(|(n, _)| *n == name) {
            let path = dir.join(&name);
            std::fs::remove_file(&path).with_context(|| {
                format!(
                    "{}: cannot remove a file of the earlier render",
                    path.display()
                )
            })?;
        }
    }
    Ok(files.len())
}

/// Writes `dir/name` through a temporary file renamed into place, so that
/// the file is never half-written; returns its path.
pub fn write_file(dir: &Path, name: &str, content: &[u8]) -> anyhow::Result<PathBuf> {
    let target = dir.join(name);
    let tmp = dir.join(format!(".{name}.tmp"));
    let result = std::fs::write(&tmp, content).and_then(|()| std::fs::rename(&tmp, &target));
    if let Err(e) = result {
        let _ = std::fs::remove_file(&tmp);
        return Err(e).with_context(|| format!("{}: cannot write", target.display()));
    }
    Ok(target)
}

/// How to name a kustomize generator config in messages: its kind and
/// `metadata.name`, and the file kustomize handed over.
pub fn config_display_name(bytes: &[u8], file: &str) -> String {
    let name = std::str::from_utf8(bytes)
        .ok()
        .and_then(|t| serde_saphyr::from_str::<serde_json::Value>(t).ok())
        .and_then(|v| {
            Some(format!(
                "{} {}",
                v.get("kind")?.as_str()?,
                v.pointer("/metadata/name")?.as_str()?
            ))
        });
    match name {
        Some(n) => format!("{n} ({file})"),
        None => file.to_string(),
    }
}
