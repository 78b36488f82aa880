//! The legacy exec plugin layout kustomize searches, and its installation.
//!
//! For a generator config of `apiVersion: calico-render.dev/v1alpha1`,
//! `kind: CalicoNetworking`, kustomize runs
//! `<plugin home>/calico-render.dev/v1alpha1/caliconetworking/CalicoNetworking CONFIG`
//! and reads the YAML stream on its stdout.

use std::ffi::{OsStr, OsString};
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
    plugin_dir(home).join(PLUGIN_EXECUTABLE)
}

/// The directory of the plugin below a plugin home.
fn plugin_dir(home: &Path) -> PathBuf {
    home.join("calico-render.dev")
        .join("v1alpha1")
        .join("caliconetworking")
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
pub fn default_plugin_home(var: impl Fn(&str) -> Option<OsString>) -> Option<PathBuf> {
    let non_empty = |k: &str| var(k).filter(|v| !v.is_empty()).map(PathBuf::from);
    if let Some(h) = non_empty("KUSTOMIZE_PLUGIN_HOME") {
        return Some(h);
    }
    if let Some(x) = non_empty("XDG_CONFIG_HOME") {
        return Some(x.join("kustomize").join("plugin"));
    }
    non_empty("HOME").map(|h| h.join(".config").join("kustomize").join("plugin"))
}

/// Whether a program name (`argv[0]`) means "run as the exec plugin".
pub fn invoked_as_plugin(argv0: &OsStr) -> bool {
    Path::new(argv0).file_name() == Some(OsStr::new(PLUGIN_EXECUTABLE))
}

/// How an installed plugin reaches the calico-render binary.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InstallMethod {
    /// A copy of the binary in the plugin directory: it keeps working when
    /// the binary it was copied from is removed (`cargo clean`), and stays
    /// at that version until installed again.
    Copy,
    /// A symbolic link to an installed binary: it follows that binary's
    /// upgrades, and breaks if that binary is uninstalled.
    Link,
}

/// How to install `exe`: [`InstallMethod::Link`] when it is an installed
/// binary, that is when its directory is on `$PATH` or is cargo's own bin
/// directory (`$CARGO_HOME/bin`, else `$HOME/.cargo/bin`) and it does not lie
/// inside a cargo target directory (which `cargo clean` empties); otherwise,
/// and where the platform has no symbolic links, [`InstallMethod::Copy`].
/// `var` looks an environment variable up (pass `std::env::var_os`).
pub fn install_method(exe: &Path, var: impl Fn(&str) -> Option<OsString>) -> InstallMethod {
    if cfg!(not(unix)) {
        return InstallMethod::Copy;
    }
    let Some(dir) = exe.parent().and_then(|d| d.canonicalize().ok()) else {
        return InstallMethod::Copy;
    };
    if in_cargo_target_dir(&dir) {
        return InstallMethod::Copy;
    }
    let non_empty = |k: &str| var(k).filter(|v| !v.is_empty()).map(PathBuf::from);
    let cargo_bin = non_empty("CARGO_HOME")
        .or_else(|| non_empty("HOME").map(|h| h.join(".cargo")))
        .map(|c| c.join("bin"));
    let path_dirs = var("PATH")
        .map(|p| std::env::split_paths(&p).collect::<Vec<_>>())
        .unwrap_or_default();
    let installed = cargo_bin
        .into_iter()
        .chain(path_dirs)
        // An empty or relative PATH entry names the current directory,
        // which is no install location.
        .filter(|d| d.is_absolute())
        .any(|d| d.canonicalize().is_ok_and(|d| d == dir));
    if installed {
        InstallMethod::Link
    } else {
        InstallMethod::Copy
    }
}

/// Whether `dir` or one of its ancestors is a cargo target directory: one
/// that holds the `CACHEDIR.TAG` or `.rustc_info.json` cargo writes there,
/// or is named `target`.
fn in_cargo_target_dir(dir: &Path) -> bool {
    dir.ancestors().any(|a| {
        a.file_name() == Some(OsStr::new("target"))
            || a.join("CACHEDIR.TAG").is_file()
            || a.join(".rustc_info.json").is_file()
    })
}

/// Installs `exe` as the plugin below `home`, replacing an existing plugin,
/// and returns the plugin's path. The plugin is first written (copied, with
/// its permission bits and the executable bit set, or linked) to a temporary
/// file in the plugin's directory, then renamed into place: a failure leaves
/// the earlier plugin, if any, untouched, and a kustomize run at the same
/// time sees the old plugin or the new one, never a part of one.
pub fn install(home: &Path, exe: &Path, method: InstallMethod) -> std::io::Result<PathBuf> {
    let dir = plugin_dir(home);
    let target = dir.join(PLUGIN_EXECUTABLE);
    std::fs::create_dir_all(&dir)?;
    if method == InstallMethod::Link
        && exe.canonicalize().ok() == dir.canonicalize().ok().map(|d| d.join(PLUGIN_EXECUTABLE))
    {
        // A link from the plugin to itself: the binary is the plugin already.
        return Ok(target);
    }
    let tmp = dir.join(format!(".{PLUGIN_EXECUTABLE}.{}.tmp", std::process::id()));
    let _ = std::fs::remove_file(&tmp);
    let result = write_plugin(&tmp, exe, method).and_then(|()| std::fs::rename(&tmp, &target));
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result.map(|()| target)
}

/// Writes the plugin to `tmp`, a path that does not exist.
fn write_plugin(tmp: &Path, exe: &Path, method: InstallMethod) -> std::io::Result<()> {
    #[cfg(unix)]
    if method == InstallMethod::Link {
        return std::os::unix::fs::symlink(exe, tmp);
    }
    #[cfg(not(unix))]
    let _ = method;
    std::fs::copy(exe, tmp)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mut permissions = std::fs::metadata(tmp)?.permissions();
        // Executable by whoever may read it, and at least by its owner.
        let mode = permissions.mode();
        permissions.set_mode(mode | ((mode & 0o444) >> 2) | 0o100);
        std::fs::set_permissions(tmp, permissions)?;
    }
    std::fs::File::open(tmp)?.sync_all()
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
    use super::*;

    /// A fresh directory under the system temp dir, removed when dropped.
    struct Scratch(PathBuf);

    impl Scratch {
        fn new(name: &str) -> Scratch {
            let dir = std::env::temp_dir()
                .join(format!("calico-kustomize-{name}-{}", std::process::id()));
            let _ = std::fs::remove_dir_all(&dir);
            std::fs::create_dir_all(&dir).unwrap();
            Scratch(dir.canonicalize().unwrap())
        }
    }

    impl Drop for Scratch {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }

    fn env<'a>(vars: &'a [(&'a str, &'a Path)]) -> impl Fn(&str) -> Option<OsString> + 'a {
        move |k| {
            vars.iter()
                .find(|(name, _)| *name == k)
                .map(|(_, v)| v.as_os_str().to_owned())
        }
    }

    #[cfg(unix)]
    #[test]
    fn a_binary_on_path_or_in_cargo_bin_is_linked_one_elsewhere_copied() {
        let s = Scratch::new("method");
        let bin = s.0.join("bin");
        let cargo_bin = s.0.join("home/.cargo/bin");
        let elsewhere = s.0.join("downloads");
        let target = s.0.join("proj/target/release");
        let custom_target = s.0.join("build-out/release");
        for d in [&bin, &cargo_bin, &elsewhere, &target, &custom_target] {
            std::fs::create_dir_all(d).unwrap();
        }
        std::fs::write(
            s.0.join("build-out/CACHEDIR.TAG"),
            "Signature: 8a477f597d28d172789f06886806bc55\n",
        )
        .unwrap();
        let path = std::env::join_paths([&bin, &target, &custom_target]).unwrap();
        let path = PathBuf::from(path);
        let home = s.0.join("home");
        let vars = [("PATH", path.as_path()), ("HOME", home.as_path())];
        let method = |dir: &Path| install_method(&dir.join("calico-render"), env(&vars));
        assert_eq!(method(&bin), InstallMethod::Link, "a directory on PATH");
        assert_eq!(method(&cargo_bin), InstallMethod::Link, "~/.cargo/bin");
        assert_eq!(method(&elsewhere), InstallMethod::Copy, "not on PATH");
        assert_eq!(
            method(&target),
            InstallMethod::Copy,
            "target/, though on PATH"
        );
        assert_eq!(
            method(&custom_target),
            InstallMethod::Copy,
            "a CARGO_TARGET_DIR (CACHEDIR.TAG), though on PATH"
        );
        // CARGO_HOME replaces ~/.cargo.
        let vars = [
            ("PATH", Path::new("")),
            ("HOME", home.as_path()),
            ("CARGO_HOME", elsewhere.as_path()),
        ];
        assert_eq!(
            install_method(&cargo_bin.join("calico-render"), env(&vars)),
            InstallMethod::Copy
        );
        std::fs::create_dir_all(elsewhere.join("bin")).unwrap();
        assert_eq!(
            install_method(&elsewhere.join("bin/calico-render"), env(&vars)),
            InstallMethod::Link
        );
        // A relative PATH entry is no install location.
        let vars = [("PATH", Path::new("."))];
        assert_eq!(
            install_method(Path::new("calico-render"), env(&vars)),
            InstallMethod::Copy
        );
    }

    #[cfg(unix)]
    #[test]
    fn install_replaces_the_plugin_atomically_and_leaves_no_temporary_file() {
        use std::os::unix::fs::PermissionsExt;
        let s = Scratch::new("install");
        let exe = s.0.join("calico-render");
        std::fs::write(&exe, "#!/bin/sh\necho one\n").unwrap();
        std::fs::set_permissions(&exe, std::fs::Permissions::from_mode(0o744)).unwrap();
        let home = s.0.join("plugins");

        let path = install(&home, &exe, InstallMethod::Copy).unwrap();
        assert_eq!(path, plugin_path(&home));
        let meta = std::fs::symlink_metadata(&path).unwrap();
        assert!(meta.file_type().is_file(), "a copy, not a link");
        assert_eq!(
            meta.permissions().mode() & 0o777,
            0o755,
            "executable where readable"
        );
        assert_eq!(
            std::fs::read_to_string(&path).unwrap(),
            "#!/bin/sh\necho one\n"
        );

        // Installing again replaces the copy; then a link replaces it.
        std::fs::write(&exe, "#!/bin/sh\necho two\n").unwrap();
        install(&home, &exe, InstallMethod::Copy).unwrap();
        assert_eq!(
            std::fs::read_to_string(&path).unwrap(),
            "#!/bin/sh\necho two\n"
        );
        install(&home, &exe, InstallMethod::Link).unwrap();
        assert_eq!(std::fs::read_link(&path).unwrap(), exe);
        install(&home, &exe, InstallMethod::Link).unwrap();
        assert_eq!(std::fs::read_link(&path).unwrap(), exe);

        // Installing the plugin from itself leaves it as it is (no link to itself).
        install(&home, &exe, InstallMethod::Copy).unwrap();
        install(&home, &path, InstallMethod::Link).unwrap();
        assert!(std::fs::symlink_metadata(&path)
            .unwrap()
            .file_type()
            .is_file());

        let names: Vec<_> = std::fs::read_dir(path.parent().unwrap())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(
            names,
            [OsString::from(PLUGIN_EXECUTABLE)],
            "no temporary file left"
        );
    }

    #[test]
    fn a_failed_install_keeps_the_earlier_plugin() {
        let s = Scratch::new("failed");
        let exe = s.0.join("calico-render");
        std::fs::write(&exe, "first").unwrap();
        let home = s.0.join("plugins");
        let path = install(&home, &exe, InstallMethod::Copy).unwrap();
        let missing = s.0.join("gone");
        assert!(install(&home, &missing, InstallMethod::Copy).is_err());
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "first");
        let count = std::fs::read_dir(path.parent().unwrap()).unwrap().count();
        assert_eq!(count, 1, "no temporary file left");
    }
}
