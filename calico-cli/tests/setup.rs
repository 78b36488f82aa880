//! Putting calico-render into the user's tools, through the binary: the
//! kustomize plugin install (a copy that outlives the binary it was copied
//! from, or a link to an installed binary), shell completions and the
//! manual page.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::Scratch;
use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const BIN: &str = env!("CARGO_BIN_EXE_calico-render");

/// The commands of `calico-render --help`, the `help` command aside.
const COMMANDS: &[&str] = &[
    "render",
    "validate",
    "explain",
    "schema",
    "diff",
    "aws-iam-policy",
    "kustomize-plugin",
    "krm",
    "crds",
    "versions",
    "completions",
    "man",
];

fn tempdir(name: &str) -> Scratch {
    common::tempdir("setup", name)
}

/// Runs `program` with `args` (and `PATH` set, if given), retrying while
/// the executable is busy: a file this test process just copied may still
/// be open in a child that another test is forking at the same moment.
fn run_program(program: &Path, args: &[&str], path: Option<&OsString>) -> Output {
    for _ in 0..100 {
        let mut command = Command::new(program);
        command.args(args);
        if let Some(p) = path {
            command.env("PATH", p);
        }
        match command.output() {
            Ok(out) => {
                let stderr = String::from_utf8_lossy(&out.stderr);
                assert!(
                    !stderr.contains("panicked"),
                    "{program:?} {args:?}: {stderr}"
                );
                return out;
            }
            Err(e) if e.raw_os_error() == Some(26) => {
                std::thread::sleep(std::time::Duration::from_millis(50));
            }
            Err(e) => panic!("cannot run {}: {e}", program.display()),
        }
    }
    panic!("{} stayed busy", program.display());
}

fn stdout(out: &Output) -> String {
    String::from_utf8(out.stdout.clone()).unwrap()
}

fn stderr(out: &Output) -> String {
    String::from_utf8(out.stderr.clone()).unwrap()
}

/// `PATH` with `dir` in front.
fn path_with(dir: &Path) -> OsString {
    let rest = std::env::var_os("PATH").unwrap_or_default();
    std::env::join_paths(std::iter::once(dir.to_path_buf()).chain(std::env::split_paths(&rest)))
        .unwrap()
}

use common::CONFIG;

fn plugin_path(home: &Path) -> PathBuf {
    home.join("calico-render.dev/v1alpha1/caliconetworking/CalicoNetworking")
}

/// Runs `exe kustomize-plugin install --dir home` and checks what it says.
fn install(exe: &Path, home: &Path, path: Option<&OsString>) -> String {
    let out = run_program(
        exe,
        &[
            "kustomize-plugin",
            "install",
            "--dir",
            home.to_str().unwrap(),
        ],
        path,
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(stdout(&out), format!("{}\n", plugin_path(home).display()));
    let said = stderr(&out);
    assert!(said.contains("--enable-alpha-plugins"), "{said}");
    said
}

/// The names in the plugin's directory.
fn plugin_dir_entries(home: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(plugin_path(home).parent().unwrap())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// The plugin renders the config as `calico-render CONFIG` does.
fn assert_plugin_renders(home: &Path, dir: &Path) {
    let config = dir.join("calico.yaml");
    std::fs::write(&config, CONFIG).unwrap();
    let config = config.to_str().unwrap();
    let got = run_program(&plugin_path(home), &[config], None);
    assert!(got.status.success(), "{}", stderr(&got));
    let want = run_program(Path::new(BIN), &[config], None);
    assert!(want.status.success());
    assert!(stdout(&want).contains("kind: DaemonSet"));
    assert_eq!(stdout(&got), stdout(&want));
}

#[cfg(unix)]
#[test]
fn plugin_install_copies_a_binary_that_is_not_installed_and_the_copy_outlives_it() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempdir("copy");
    let downloads = dir.join("downloads");
    std::fs::create_dir_all(&downloads).unwrap();
    let exe = downloads.join("calico-render");
    std::fs::copy(BIN, &exe).unwrap();
    let home = dir.join("plugins");

    let said = install(&exe, &home, None);
    assert!(said.contains("copied"), "{said}");
    assert!(said.contains(exe.to_str().unwrap()), "{said}");
    let plugin = plugin_path(&home);
    let meta = std::fs::symlink_metadata(&plugin).unwrap();
    assert!(meta.file_type().is_file(), "a copy, not a link");
    assert_eq!(meta.permissions().mode() & 0o111, 0o111, "executable");
    assert_eq!(meta.len(), std::fs::metadata(BIN).unwrap().len());

    // The binary it was copied from is gone (`cargo clean`): the plugin runs.
    std::fs::remove_file(&exe).unwrap();
    assert_plugin_renders(&home, &dir);

    // Installing again replaces the plugin and leaves no temporary file.
    install(Path::new(BIN), &home, None);
    assert_eq!(plugin_dir_entries(&home), ["CalicoNetworking"]);
    assert_plugin_renders(&home, &dir);
}

#[cfg(unix)]
#[test]
fn plugin_install_links_to_a_binary_installed_on_path() {
    let dir = tempdir("link");
    let bin = dir.join("bin");
    std::fs::create_dir_all(&bin).unwrap();
    let exe = bin.join("calico-render");
    std::fs::copy(BIN, &exe).unwrap();
    let home = dir.join("plugins");
    let path = path_with(&bin);

    // An earlier copy is replaced by the link.
    install(Path::new(BIN), &home, None);
    let said = install(&exe, &home, Some(&path));
    assert!(said.contains("linked"), "{said}");
    let plugin = plugin_path(&home);
    assert_eq!(std::fs::read_link(&plugin).unwrap(), exe);
    assert_eq!(plugin_dir_entries(&home), ["CalicoNetworking"]);
    assert_plugin_renders(&home, &dir);
}

#[cfg(unix)]
#[test]
fn plugin_install_copies_a_binary_of_a_cargo_target_directory_even_on_path() {
    let dir = tempdir("target");
    let home = dir.join("plugins");
    let debug = Path::new(BIN).parent().unwrap();
    let said = install(Path::new(BIN), &home, Some(&path_with(debug)));
    assert!(said.contains("copied"), "{said}");
    assert!(std::fs::symlink_metadata(plugin_path(&home))
        .unwrap()
        .file_type()
        .is_file());
}

#[test]
fn plugin_install_that_cannot_write_fails_with_nothing_on_stdout() {
    let dir = tempdir("fail");
    let file = dir.join("a-file");
    std::fs::write(&file, "x").unwrap();
    let home = file.join("plugins");
    let out = run_program(
        Path::new(BIN),
        &[
            "kustomize-plugin",
            "install",
            "--dir",
            home.to_str().unwrap(),
        ],
        None,
    );
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(stdout(&out), "");
    assert!(
        stderr(&out).contains("installing the plugin"),
        "{}",
        stderr(&out)
    );
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "x");
}

// ---------------------------------------------------------------- completions

fn completions(shell: &str) -> String {
    let out = run_program(Path::new(BIN), &["completions", shell], None);
    assert!(out.status.success(), "{shell}: {}", stderr(&out));
    assert_eq!(stderr(&out), "", "{shell}");
    stdout(&out)
}

#[test]
fn completions_of_every_shell_name_the_commands() {
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let script = completions(shell);
        assert!(script.len() > 1000, "{shell}: {script}");
        for command in COMMANDS {
            assert!(script.contains(command), "{shell}: no {command}");
        }
        // Options of the commands too.
        for option in ["kops-version", "output-dir", "node-count"] {
            assert!(script.contains(option), "{shell}: no --{option}");
        }
    }
}

#[test]
fn bash_completions_parse_and_complete_the_commands() {
    let dir = tempdir("bash");
    let script = dir.join("calico-render.bash");
    std::fs::write(&script, completions("bash")).unwrap();
    let check = Command::new("bash")
        .arg("-n")
        .arg(&script)
        .output()
        .unwrap();
    assert!(
        check.status.success(),
        "{}",
        String::from_utf8_lossy(&check.stderr)
    );
    // Loaded in bash, the function it registers for calico-render completes
    // a command, then that command's options.
    let complete = |line: &str| {
        let words: Vec<&str> = line.split(' ').collect();
        let probe = format!(
            "source {script}\n\
             f=$(complete -p calico-render | sed -E 's/.* -F ([^ ]+) .*/\\1/')\n\
             COMP_WORDS=({words}); COMP_CWORD={cword}; COMP_LINE='{line}'; COMP_POINT={point}\n\
             \"$f\" calico-render '{cur}' '{prev}'\n\
             printf '%s\\n' \"${{COMPREPLY[@]}}\"\n",
            script = script.display(),
            words = words.join(" "),
            cword = words.len() - 1,
            point = line.len(),
            cur = words[words.len() - 1],
            prev = words[words.len() - 2],
        );
        let out = Command::new("bash").arg("-c").arg(&probe).output().unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    };
    assert_eq!(complete("calico-render va"), "validate\n");
    assert_eq!(complete("calico-render validate --ou"), "--output\n");
    assert_eq!(complete("calico-render completions z"), "zsh\n");
    assert_eq!(
        complete("calico-render kustomize-plugin install --d"),
        "--dir\n"
    );
}

#[test]
fn completions_for_an_unknown_shell_is_a_usage_error() {
    let out = run_program(Path::new(BIN), &["completions", "tcsh"], None);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(stdout(&out), "");
    assert!(stderr(&out).contains("bash"), "{}", stderr(&out));
}

// ---------------------------------------------------------------- man

/// Checks that `page` is a man page titled `title` and returns its text
/// with roff's escaped hyphens plain.
fn man_page(page: &str, title: &str) -> String {
    let th = page.lines().position(|l| l.starts_with(".TH "));
    let sh = page.lines().position(|l| l.starts_with(".SH "));
    assert!(th.is_some() && th < sh, "{page}");
    // Before .TH only clap_mangen's string definitions.
    for line in page.lines().take(th.unwrap()) {
        assert!(
            line.starts_with(".ie ") || line.starts_with(".el "),
            "{line}"
        );
    }
    let th_line = page.lines().nth(th.unwrap()).unwrap();
    assert!(th_line.starts_with(&format!(".TH {title} 1 ")), "{th_line}");
    page.replace("\\-", "-")
}

#[test]
fn man_prints_the_page_of_calico_render_naming_every_command() {
    let out = run_program(Path::new(BIN), &["man"], None);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(stderr(&out), "");
    let text = man_page(&stdout(&out), "calico-render");
    for section in [".SH NAME", ".SH SYNOPSIS", ".SH OPTIONS", ".SH SUBCOMMANDS"] {
        assert!(text.contains(section), "no {section}");
    }
    for command in COMMANDS {
        assert!(
            text.contains(&format!("calico-render-{command}(1)")),
            "no {command}"
        );
    }
    assert!(!text.contains("calico-render-help"), "no page for help");
    assert!(text.contains("Exit codes:"));
    assert!(text.contains("--kops-version"));
}

#[test]
fn man_dir_writes_a_page_per_command() {
    let dir = tempdir("man");
    let out_dir = dir.join("man1");
    for _ in 0..2 {
        let out = run_program(
            Path::new(BIN),
            &["man", "--dir", out_dir.to_str().unwrap()],
            None,
        );
        assert!(out.status.success(), "{}", stderr(&out));
        let mut names: Vec<String> = std::fs::read_dir(&out_dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        let mut want: Vec<String> = COMMANDS
            .iter()
            .map(|c| format!("calico-render-{c}.1"))
            .chain([
                "calico-render.1".to_string(),
                "calico-render-kustomize-plugin-install.1".to_string(),
            ])
            .collect();
        want.sort();
        assert_eq!(names, want);
        let listed: Vec<String> = stdout(&out).lines().map(str::to_string).collect();
        assert_eq!(listed.len(), want.len());
        for name in &want {
            assert!(listed.contains(&out_dir.join(name).display().to_string()));
        }
    }
    let validate = std::fs::read_to_string(out_dir.join("calico-render-validate.1")).unwrap();
    let text = man_page(&validate, "calico-render-validate");
    assert!(text.contains("--output"), "{text}");
    assert!(
        text.contains("calico-render validate spec.yaml"),
        "the examples"
    );
    let install =
        std::fs::read_to_string(out_dir.join("calico-render-kustomize-plugin-install.1")).unwrap();
    assert!(man_page(&install, "calico-render-kustomize-plugin-install").contains("--dir"));
}
