//! The legacy exec plugin layout kustomize searches.
//!
//! For a generator config of `apiVersion: calico-render.dev/v1alpha1`,
//! `kind: CalicoNetworking`, kustomize runs
//! `<plugin home>/calico-render.dev/v1alpha1/caliconetworking/CalicoNetworking CONFIG`
//! and reads the YAML stream on its stdout.

use std::path::{Path, PathBuf};

/// The executable name kustomize looks for (the kind).
pub const PLUGIN_EXECUTABLE: &str = "CalicoNetworking";

/// The plugin's path below a plugin home.
///
/// ```
/// use std::path::Path;
/// let p = calico_kustomize::plugin::plugin_path(Path::new("/home/me/.config/kustomize/plugin"));
/// assert_eq!(p, Path::new("/home/me/.config/kustomize/plugin/calico-render.dev/v1alpha1/caliconetworking/CalicoNetworking"));
/// ```
pub fn plugin_path(home: &Path) -> PathBuf {
    home.join("calico-render.dev")
        .join("v1alpha1")
        .join("caliconetworking")
        .join(PLUGIN_EXECUTABLE)
}

/// kustomize's plugin home: `$KUSTOMIZE_PLUGIN_HOME`, else
/// `$XDG_CONFIG_HOME/kustomize/plugin`, else `$HOME/.config/kustomize/plugin`.
/// `var` looks an environment variable up (pass `std::env::var_os`).
///
/// ```
/// use std::path::PathBuf;
/// let home = calico_kustomize::plugin::default_plugin_home(|k| match k {
///     "XDG_CONFIG_HOME" => Some("/cfg".into()),
///     _ => None,
/// });
/// assert_eq!(home, Some(PathBuf::from("/cfg/kustomize/plugin")));
/// ```
pub fn default_plugin_home(var: impl Fn(&str) -> Option<std::ffi::OsString>) -> Option<PathBuf> {
    let non_empty = |k: &str| var(k).filter(|v| !v.is_empty()).map(PathBuf::from);
    if let Some(h) = non_empty("KUSTOMIZE_PLUGIN_HOME") {
        return Some(h);
    }
    if let Some(x) = non_empty("XDG_CONFIG_HOME") {
        return Some(x.join("kustomize").join("plugin"));
    }
    non_empty("HOME").map(|h| h.join(".config").join("kustomize").join("plugin"))
}

/// Whether a program name (argv[0]) means "run as the exec plugin".
pub fn invoked_as_plugin(argv0: &std::ffi::OsStr) -> bool {
    Path::new(argv0).file_name() == Some(std::ffi::OsStr::new(PLUGIN_EXECUTABLE))
}

/// Installs `exe` as the plugin below `home`: a symbolic link where the
/// platform has them, else a copy. Replaces an existing plugin. Returns the
/// plugin's path.
pub fn install(home: &Path, exe: &Path) -> std::io::Result<PathBuf> {
    let target = plugin_path(home);
    if let Some(dir) = target.parent() {
        std::fs::create_dir_all(dir)?;
    }
    if target.symlink_metadata().is_ok() {
        std::fs::remove_file(&target)?;
    }
    #[cfg(unix)]
    std::os::unix::fs::symlink(exe, &target)?;
    #[cfg(not(unix))]
    std::fs::copy(exe, &target).map(|_| ())?;
    Ok(target)
}
