//! Putting calico-render into the user's tools: the kustomize exec plugin,
//! shell completions and the manual page.

use anyhow::Context;
use calico_kustomize::plugin::{self, InstallMethod};
use clap::CommandFactory;
use std::path::{Path, PathBuf};

/// `kustomize-plugin install`: the plugin's path on stdout, what was done on
/// stderr.
pub fn install_plugin(dir: Option<PathBuf>) -> anyhow::Result<()> {
    let home = match dir {
        Some(d) => d,
        None => plugin::default_plugin_home(|k| std::env::var_os(k))
            .context("cannot find the kustomize plugin home: set $HOME, $XDG_CONFIG_HOME or $KUSTOMIZE_PLUGIN_HOME, or pass --dir")?,
    };
    let exe = std::env::current_exe().context("cannot find this executable's path")?;
    let method = plugin::install_method(&exe, |k| std::env::var_os(k));
    let path = plugin::install(&home, &exe, method)
        .with_context(|| format!("installing the plugin under {}", home.display()))?;
    crate::io::emit(format!("{}\n", path.display()).as_bytes())?;
    match method {
        InstallMethod::Copy => eprintln!(
            "calico-render: copied {} to {} (a copy: it keeps working after `cargo clean` or when {} is removed; install again after upgrading)",
            exe.display(),
            path.display(),
            exe.display()
        ),
        InstallMethod::Link => eprintln!(
            "calico-render: linked {} to {} (the installed binary: its upgrades take effect in kustomize too)",
            path.display(),
            exe.display()
        ),
    }
    eprintln!("calico-render: run kustomize with --enable-alpha-plugins (and KUSTOMIZE_PLUGIN_HOME={} if that is not the default)", home.display());
    Ok(())
}

/// `completions SHELL`: the completion script on stdout.
pub fn completions(shell: clap_complete::Shell) -> anyhow::Result<()> {
    let mut command = crate::cli::Cli::command();
    let name = command.get_name().to_string();
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut command, &name, &mut script);
    if shell == clap_complete::Shell::Bash {
        script = fix_bash_hyphenated_name(&script, &name);
    }
    crate::io::emit(&script)
}

/// clap_complete's bash script (4.6.12 and earlier) spells the states of a
/// hyphenated program's subcommands two ways, `calico__render__subcmd__validate`
/// where it sets them and `calico__subcmd__render__subcmd__validate` where it
/// matches them, so no subcommand's options ever complete
/// (clap-rs/clap#6421). Spell the second like the first.
fn fix_bash_hyphenated_name(script: &[u8], name: &str) -> Vec<u8> {
    const SEP: &str = "__subcmd__";
    let text = String::from_utf8_lossy(script);
    if !name.contains('-') {
        return text.into_owned().into_bytes();
    }
    let wrong = format!("{}{SEP}", name.replace('-', SEP));
    let right = format!("{}{SEP}", name.replace('-', "__"));
    text.replace(&wrong, &right).into_bytes()
}

/// `man`: the manual page of calico-render, in roff, on stdout; or, with a
/// DIR, the pages of calico-render and of every command written there (their
/// paths on stdout), each through a temporary file renamed into place.
pub fn man(dir: Option<&Path>) -> anyhow::Result<()> {
    let mut command = crate::cli::Cli::command().disable_help_subcommand(true);
    command.build();
    let Some(dir) = dir else {
        return crate::io::emit(&render_page(command)?);
    };
    let mut pages = Vec::new();
    collect_pages(command, &mut pages)?;
    std::fs::create_dir_all(dir).with_context(|| format!("{}: cannot create", dir.display()))?;
    let mut written = String::new();
    for (name, page) in &pages {
        let path = crate::io::write_file(dir, name, page)?;
        written.push_str(&format!("{}\n", path.display()));
    }
    crate::io::emit(written.as_bytes())?;
    eprintln!(
        "calico-render: wrote {} manual pages to {}",
        pages.len(),
        dir.display()
    );
    Ok(())
}

/// The page of `command` and those of its visible subcommands, as
/// (file name, roff).
fn collect_pages(command: clap::Command, pages: &mut Vec<(String, Vec<u8>)>) -> anyhow::Result<()> {
    for sub in command.get_subcommands().filter(|s| !s.is_hide_set()) {
        collect_pages(sub.clone(), pages)?;
    }
    let name = clap_mangen::Man::new(command.clone()).get_filename();
    pages.push((name, render_page(command)?));
    Ok(())
}

fn render_page(command: clap::Command) -> anyhow::Result<Vec<u8>> {
    let mut page = Vec::new();
    clap_mangen::Man::new(command)
        .render(&mut page)
        .context("writing the manual page")?;
    Ok(page)
}
