//! Helpers shared by the binary's integration tests.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::{Path, PathBuf};

/// A fresh, empty directory under the system temp dir, removed when dropped.
pub struct Scratch(PathBuf);

impl std::ops::Deref for Scratch {
    type Target = Path;
    fn deref(&self) -> &Path {
        &self.0
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// A fresh scratch directory named after the test file (`suite`) and
/// `name`, with symbolic links resolved.
pub fn tempdir(suite: &str, name: &str) -> Scratch {
    let dir = std::env::temp_dir().join(format!(
        "calico-render-{suite}-{name}-{}",
        std::process::id()
    ));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    Scratch(dir.canonicalize().unwrap())
}

/// A CalicoNetworking config with Typha, for the plugin and KRM tests.
pub const CONFIG: &str = "apiVersion: calico-render.dev/v1alpha1
kind: CalicoNetworking
metadata:
  name: demo.example.com
spec:
  networking:
    calico:
      typhaReplicas: 2
";
