//! The `calico-render` binary: argument parsing and I/O only. Everything a
//! library user would want lives in calico-spec and calico-render.

mod cli;
mod io;
mod setup;

use anyhow::Context;
use clap::Parser;
use cli::{
    Cli, Command, DiffArgs, Format, PluginCommand, RenderArgs, ReportArgs, ReportFormat, SpecArgs,
    SpecFileArgs,
};
use std::process::ExitCode;

/// Exit code: success.
const EXIT_OK: u8 = 0;
/// Exit code: the input is unparseable or invalid.
const EXIT_INVALID: u8 = 1;
/// Exit code: usage or I/O error.
const EXIT_USAGE: u8 = 2;
/// Exit code: `diff` found a disruptive change.
const EXIT_DISRUPTIVE: u8 = 3;

fn main() -> ExitCode {
    // Run as kustomize's legacy exec plugin: `CalicoNetworking CONFIG`.
    let mut args = std::env::args_os();
    if args
        .next()
        .is_some_and(|argv0| calico_kustomize::plugin::invoked_as_plugin(&argv0))
    {
        let rest: Vec<_> = args.collect();
        let [config] = rest.as_slice() else {
            eprintln!("calico-render (as kustomize plugin CalicoNetworking): expected exactly one argument, the plugin config file");
            return ExitCode::from(EXIT_USAGE);
        };
        return finish(plugin(std::path::Path::new(config)));
    }
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e)
            if e.kind() == clap::error::ErrorKind::ArgumentConflict
                && e.get(clap::error::ContextKind::InvalidSubcommand).is_some() =>
        {
            // `calico-render a.yaml b.yaml`: clap takes the second FILE for
            // a subcommand; say what is wrong instead.
            let second = e
                .get(clap::error::ContextKind::InvalidSubcommand)
                .map(ToString::to_string)
                .unwrap_or_default();
            eprintln!(
                "error: calico-render reads one spec FILE; {second:?} is a second one (to compare two specs: calico-render diff OLD NEW)\n\nFor more information, try '--help'."
            );
            return ExitCode::from(EXIT_USAGE);
        }
        Err(e) => {
            let code = if e.use_stderr() { EXIT_USAGE } else { EXIT_OK };
            let _ = e.print();
            return ExitCode::from(code);
        }
    };
    finish(run(cli))
}

fn finish(result: anyhow::Result<u8>) -> ExitCode {
    match result {
        Ok(code) => ExitCode::from(code),
        Err(e) => {
            eprintln!("calico-render: error: {e:#}");
            ExitCode::from(EXIT_USAGE)
        }
    }
}

fn run(cli: Cli) -> anyhow::Result<u8> {
    match cli.command {
        None => render(&cli.render),
        Some(Command::Render(args)) => render(&args),
        Some(Command::Validate(args)) => validate(&args),
        Some(Command::Explain(args)) => explain(&args),
        Some(Command::Schema) => {
            let text = serde_json::to_string_pretty(&calico_spec::json_schema())?;
            io::emit(format!("{text}\n").as_bytes())?;
            Ok(EXIT_OK)
        }
        Some(Command::Diff(args)) => diff(&args),
        Some(Command::AwsIamPolicy(args)) => aws_iam_policy(&args),
        Some(Command::KustomizePlugin(PluginCommand::Install { dir })) => {
            setup::install_plugin(dir)?;
            Ok(EXIT_OK)
        }
        Some(Command::Krm { spec }) => krm(&spec),
        Some(Command::Crds { file, spec, format }) => {
            let release = match file {
                Some(file) => match load(&file, &spec)? {
                    Ok(resolved) => {
                        if resolved.profile.value == calico_spec::Profile::Operator {
                            eprintln!(
                                "calico-render: in the operator profile the operator installs these CRDs (and its own operator.tigera.io ones) itself; they are not part of its install"
                            );
                        }
                        resolved.release.value
                    }
                    Err(code) => return Ok(code),
                },
                None => {
                    let kops = options(&spec)?.kops_version;
                    kops.pin().ok_or_else(|| {
                        anyhow::anyhow!("kOps {kops} pins a Calico release older than any calico-render renders: give a spec that names its version")
                    })?
                }
            };
            let manifest = calico_render::crds(release)
                .context("rendering the CRDs (a bug in calico-render)")?;
            emit_manifest(&manifest, format)?;
            Ok(EXIT_OK)
        }
        Some(Command::Versions { output }) => versions(output.format),
        Some(Command::Completions { shell }) => {
            setup::completions(shell)?;
            Ok(EXIT_OK)
        }
        Some(Command::Man { dir }) => {
            setup::man(dir.as_deref())?;
            Ok(EXIT_OK)
        }
    }
}

/// A spec read, parsed and resolved; or the exit code after reporting why not.
fn load(
    file: &std::path::Path,
    args: &SpecArgs,
) -> anyhow::Result<Result<calico_spec::ResolvedSpec, u8>> {
    load_input(&io::read_input(file)?, args)
}

/// Like [`load`], for input already read.
fn load_input(
    input: &io::Input,
    args: &SpecArgs,
) -> anyhow::Result<Result<calico_spec::ResolvedSpec, u8>> {
    let name = &input.name;
    let options = options(args)?;
    let parsed = match calico_spec::parse_bytes(&input.bytes) {
        Ok(p) => p,
        Err(e) => {
            let text = std::str::from_utf8(&input.bytes).ok();
            let lines = match e {
                // Field errors: the rules check the rest in the same pass.
                calico_spec::ParseError::Invalid(_) => {
                    let report = calico_spec::report::Validation::of(&input.bytes, &options, false);
                    calico_spec::report::error_lines(name, text, &report.errors)
                }
                other => calico_spec::report::parse_error_lines(name, text, &other),
            };
            for line in lines {
                eprintln!("{line}");
            }
            return Ok(Err(EXIT_INVALID));
        }
    };
    match calico_spec::resolve(&parsed, &options) {
        Ok(resolved) => {
            for w in &resolved.warnings {
                eprintln!("{}", calico_spec::report::warning_line(name, w));
            }
            if args.strict && !resolved.warnings.is_empty() {
                eprintln!(
                    "{name}: --strict: {} warning(s) treated as errors",
                    resolved.warnings.len()
                );
                return Ok(Err(EXIT_INVALID));
            }
            Ok(Ok(resolved))
        }
        Err(invalid) => {
            let text = std::str::from_utf8(&input.bytes).ok();
            for line in calico_spec::report::error_lines(name, text, &invalid.errors) {
                eprintln!("{line}");
            }
            for w in &invalid.warnings {
                eprintln!("{}", calico_spec::report::warning_line(name, w));
            }
            Ok(Err(EXIT_INVALID))
        }
    }
}

fn options(args: &SpecArgs) -> anyhow::Result<calico_spec::Options> {
    let kops_version = match &args.kops_version {
        Some(v) => v
            .parse()
            .map_err(|e| anyhow::anyhow!("--kops-version: {e}"))?,
        None => calico_spec::KopsVersion::default(),
    };
    let mut options = calico_spec::Options::default().with_kops_version(kops_version);
    options.node_count = args.node_count;
    options.host_mtu = args.host_mtu;
    if let Some(profile) = &args.profile {
        options = options.with_profile(
            profile
                .parse()
                .map_err(|e| anyhow::anyhow!("--profile: {e}"))?,
        );
    }
    Ok(options)
}

/// kustomize's legacy exec plugin: kustomize copies the generator config to
/// a temporary file, so messages name the config by its kind and name.
fn plugin(config: &std::path::Path) -> anyhow::Result<u8> {
    let mut input = io::read_input(config)?;
    input.name = io::config_display_name(&input.bytes, &input.name);
    // The config's part annotation, as --part.
    let value: serde_json::Value = std::str::from_utf8(&input.bytes)
        .ok()
        .and_then(|text| serde_saphyr::from_str(text).ok())
        .unwrap_or_default();
    let part =
        calico_kustomize::part(&value).map_err(|e| anyhow::anyhow!("{}: {e}", input.name))?;
    let args = RenderArgs {
        part: part.map(|p| p.as_str().to_string()),
        ..RenderArgs::default()
    };
    render_input(&input, &args)
}

fn render(args: &RenderArgs) -> anyhow::Result<u8> {
    if let Some(file) = &args.file {
        return render_input(&io::read_input(file)?, args);
    }
    // No FILE: stdin holds a spec (`calico-render < spec.yaml`) or, when
    // kustomize or kpt run the binary as a KRM function, a ResourceList.
    use std::io::IsTerminal;
    if std::io::stdin().is_terminal() {
        anyhow::bail!(
            "no input: give a spec FILE, or pipe a spec or a KRM ResourceList to stdin; see calico-render --help"
        );
    }
    let input = io::read_input(std::path::Path::new("-"))?;
    if input.bytes.iter().all(u8::is_ascii_whitespace) {
        anyhow::bail!(
            "no input: stdin is empty; give a spec FILE, or pipe a spec or a KRM ResourceList to stdin"
        );
    }
    if calico_kustomize::krm::is_resource_list(&input.bytes) {
        return krm_input(&input, &args.spec);
    }
    let code = render_input(&input, args)?;
    // Not YAML at all: it may have been meant as either form. (Checked on
    // failure only, so a valid spec is parsed once.)
    let unreadable = code == EXIT_INVALID
        && matches!(
            calico_spec::parse_bytes(&input.bytes),
            Err(calico_spec::ParseError::Syntax { .. } | calico_spec::ParseError::NotUtf8 { .. })
        );
    if unreadable {
        eprintln!(
            "calico-render: stdin was read as a spec (a kOps Cluster, a bare cluster spec or a CalicoNetworking); \
             a KRM ResourceList would have kind: ResourceList"
        );
    }
    Ok(code)
}

fn render_input(input: &io::Input, args: &RenderArgs) -> anyhow::Result<u8> {
    let resolved = match load_input(input, &args.spec)? {
        Ok(r) => r,
        Err(code) => return Ok(code),
    };
    let mut manifest = calico_render::render(&resolved)
        .context("rendering failed (a bug in calico-render; please report it with the spec)")?;
    if let Some(part) = &args.part {
        let part: calico_render::Part = part
            .parse()
            .map_err(|e: String| anyhow::anyhow!("--part: {e}"))?;
        manifest = manifest.part(part);
        if manifest.objects().is_empty() {
            eprintln!(
                "calico-render: the {} part of this manifest has no objects",
                part.as_str()
            );
        }
    }
    match &args.output_dir {
        Some(dir) => {
            let written = io::write_dir(dir, &manifest.files())?;
            eprintln!("calico-render: wrote {written} files to {}", dir.display());
        }
        None => emit_manifest(&manifest, args.format)?,
    }
    Ok(EXIT_OK)
}

fn emit_manifest(manifest: &calico_render::Manifest, format: Format) -> anyhow::Result<()> {
    // The manifest is complete before a byte is written.
    match format {
        Format::Yaml => io::emit_with(|w| manifest.write_yaml(w)),
        Format::Json => io::emit(
            manifest
                .to_json()
                .context("writing the manifest as JSON (a bug in calico-render)")?
                .as_bytes(),
        ),
    }
}

fn validate(args: &ReportArgs) -> anyhow::Result<u8> {
    let input = io::read_input(&args.file)?;
    let options = options(&args.spec)?;
    let report = calico_spec::report::Validation::of(&input.bytes, &options, args.spec.strict);
    match args.output.format {
        ReportFormat::Json | ReportFormat::Yaml => {
            io::emit(structured(&report, args.output.format)?.as_bytes())?;
        }
        ReportFormat::Text => {
            let source = std::str::from_utf8(&input.bytes).ok();
            for line in report.lines(&input.name, source) {
                eprintln!("{line}");
            }
            if report.valid {
                io::emit(format!("{}: valid\n", input.name).as_bytes())?;
            } else if args.spec.strict {
                eprintln!(
                    "{}: invalid: {} error(s), {} warning(s) (--strict treats warnings as errors)",
                    input.name,
                    report.errors.len(),
                    report.warnings.len()
                );
            }
        }
    }
    Ok(if report.valid { EXIT_OK } else { EXIT_INVALID })
}

/// A report as JSON (pretty) or YAML, ending in a newline.
fn structured(value: &impl serde::Serialize, format: ReportFormat) -> anyhow::Result<String> {
    Ok(match format {
        ReportFormat::Yaml => serde_saphyr::to_string(value)?,
        _ => format!("{}\n", serde_json::to_string_pretty(value)?),
    })
}

fn explain(args: &ReportArgs) -> anyhow::Result<u8> {
    let resolved = match load(&args.file, &args.spec)? {
        Ok(r) => r,
        Err(code) => return Ok(code),
    };
    let rows = resolved.explain();
    let text = match args.output.format {
        ReportFormat::Json | ReportFormat::Yaml => structured(&rows, args.output.format)?,
        ReportFormat::Text => {
            let width = rows.iter().map(|r| r.path.len()).max().unwrap_or(0);
            rows.iter()
                .map(|r| format!("{:width$}  {}  ({})\n", r.path, r.value, r.source))
                .collect()
        }
    };
    io::emit(text.as_bytes())?;
    Ok(EXIT_OK)
}

fn diff(args: &DiffArgs) -> anyhow::Result<u8> {
    let old = match load(&args.old, &args.spec)? {
        Ok(r) => r,
        Err(code) => return Ok(code),
    };
    let new = match load(&args.new, &args.spec)? {
        Ok(r) => r,
        Err(code) => return Ok(code),
    };
    let mut d = calico_render::diff::diff(&old, &new)
        .context("rendering failed (a bug in calico-render; please report it with the specs)")?;
    // The plan's commands name the new spec with the flags that shaped it.
    let mut new_spec = args.new.display().to_string();
    if let Some(v) = &args.spec.kops_version {
        new_spec.push_str(&format!(" --kops-version {v}"));
    }
    if let Some(p) = &args.spec.profile {
        new_spec.push_str(&format!(" --profile {p}"));
    }
    let old_spec = args.old.display().to_string();
    for step in &mut d.plan {
        *step = step
            .replace("<new spec>", &new_spec)
            .replace("<old spec>", &old_spec);
    }
    let text = match args.output.format {
        ReportFormat::Json | ReportFormat::Yaml => structured(&d, args.output.format)?,
        ReportFormat::Text => {
            let mut t = String::new();
            if d.settings.is_empty() {
                t.push_str("settings: no change\n");
            }
            for s in &d.settings {
                let mark = if s.disruptive { "DISRUPTIVE" } else { "safe" };
                t.push_str(&format!(
                    "{}: {} → {}  [{mark}]\n    {}\n",
                    s.path, s.old, s.new, s.reason
                ));
            }
            for o in &d.objects {
                let ns = o
                    .namespace
                    .as_deref()
                    .map(|n| format!("{n}/"))
                    .unwrap_or_default();
                let change = serde_json::to_value(o.change)?;
                t.push_str(&format!(
                    "{} {} {}{}: {}\n",
                    change.as_str().unwrap_or_default(),
                    o.kind,
                    ns,
                    o.name,
                    o.api_version
                ));
                for d in &o.details {
                    let shown = |v: &Option<serde_json::Value>| {
                        v.as_ref()
                            .map_or_else(|| "(none)".to_string(), ToString::to_string)
                    };
                    let line = match (&d.old, &d.new) {
                        (None, None) => format!(
                            "~ {} {}: the same properties; descriptions, validation keywords or metadata differ",
                            d.what, d.path
                        ),
                        (None, Some(new)) => format!("+ {} {}: {new}", d.what, d.path),
                        (Some(old), None) => format!("- {} {}: {old}", d.what, d.path),
                        _ => format!("~ {} {}: {} → {}", d.what, d.path, shown(&d.old), shown(&d.new)),
                    };
                    t.push_str(&format!("    {line}\n"));
                }
            }
            if !d.plan.is_empty() {
                let (from, to) = if old.profile.value == new.profile.value {
                    (
                        old.calico.image_tag.value.clone(),
                        new.calico.image_tag.value.clone(),
                    )
                } else {
                    (old.profile.value.to_string(), new.profile.value.to_string())
                };
                t.push_str(&format!("plan ({from} → {to}):\n"));
                for (i, step) in d.plan.iter().enumerate() {
                    t.push_str(&format!("  {}. {step}\n", i + 1));
                }
            }
            t
        }
    };
    io::emit(text.as_bytes())?;
    Ok(if d.disruptive {
        EXIT_DISRUPTIVE
    } else {
        EXIT_OK
    })
}

/// What `versions` reports.
#[derive(serde::Serialize)]
#[serde(rename_all = "camelCase")]
struct Versions {
    /// The binary's own version.
    calico_render: &'static str,
    /// The Calico releases whose manifests it renders.
    calico_releases: Vec<CalicoRelease>,
    /// The kOps versions whose defaults and rules it applies.
    kops_versions: KopsVersions,
}

#[derive(serde::Serialize)]
#[serde(rename_all = "camelCase")]
struct CalicoRelease {
    release: String,
    /// Rendered when neither the spec nor --kops-version chooses another.
    default: bool,
    crds: usize,
    /// The Tigera operator release upstream's tigera-operator.yaml pairs with it.
    tigera_operator: &'static str,
    /// The operator profile renders it (Calico 3.30 and later).
    operator_profile: bool,
    /// The kOps lines that install it when the spec names no version.
    pinned_by: Vec<String>,
    /// A fault of upstream's own manifest of the release, reproduced.
    #[serde(skip_serializing_if = "Option::is_none")]
    defect: Option<&'static str>,
}

#[derive(serde::Serialize)]
#[serde(rename_all = "camelCase")]
struct KopsVersions {
    oldest: String,
    newest: String,
    default: String,
    /// Each kOps line's pin; lines older than the first pin none that
    /// calico-render renders.
    pins: Vec<KopsPin>,
}

#[derive(serde::Serialize)]
struct KopsPin {
    kops: String,
    release: String,
}

fn versions(output: ReportFormat) -> anyhow::Result<u8> {
    let pins: Vec<_> = calico_spec::KopsVersion::pins().collect();
    let default_release = calico_spec::KopsVersion::default().pin();
    let report = Versions {
        calico_render: env!("CARGO_PKG_VERSION"),
        calico_releases: calico_spec::Release::known()
            .map(|facts| CalicoRelease {
                release: facts.release.to_string(),
                default: Some(facts.release) == default_release,
                crds: facts.crds.len(),
                tigera_operator: facts.operator,
                operator_profile: facts.release >= calico_spec::OPERATOR_FLOOR,
                pinned_by: pins
                    .iter()
                    .filter(|(_, release)| *release == facts.release)
                    .map(|(kops, _)| kops.to_string())
                    .collect(),
                defect: facts.defect,
            })
            .collect(),
        kops_versions: KopsVersions {
            oldest: calico_spec::KopsVersion::OLDEST.to_string(),
            newest: calico_spec::KopsVersion::CURRENT.to_string(),
            default: calico_spec::KopsVersion::default().to_string(),
            pins: pins
                .iter()
                .map(|(kops, release)| KopsPin {
                    kops: kops.to_string(),
                    release: release.to_string(),
                })
                .collect(),
        },
    };
    let text = match output {
        ReportFormat::Json | ReportFormat::Yaml => structured(&report, output)?,
        ReportFormat::Text => {
            let mut t = format!(
                "calico-render {}\nCalico releases (networking.calico.version):\n",
                report.calico_render
            );
            for r in &report.calico_releases {
                let default = if r.default { " (default)" } else { "" };
                let profile = if r.operator_profile {
                    " (operator profile)"
                } else {
                    ""
                };
                t.push_str(&format!(
                    "  {}{default}: {} CRDs, Tigera operator {}{profile}",
                    r.release, r.crds, r.tigera_operator
                ));
                if r.defect.is_some() {
                    t.push_str(" (see the warning when rendered)");
                }
                if !r.pinned_by.is_empty() {
                    t.push_str(&format!(", pinned by kOps {}", r.pinned_by.join(", ")));
                }
                t.push('\n');
            }
            let k = &report.kops_versions;
            t.push_str(&format!(
                "kOps versions (--kops-version): {} to {} (default {}); without a version, a kOps line renders its pin",
                k.oldest, k.newest, k.default
            ));
            if let Some(first) = k.pins.first() {
                t.push_str(&format!(
                    ", and lines before {} need one (their pins are older than any listed)",
                    first.kops
                ));
            }
            t.push('\n');
            t
        }
    };
    io::emit(text.as_bytes())?;
    Ok(EXIT_OK)
}

fn aws_iam_policy(args: &SpecFileArgs) -> anyhow::Result<u8> {
    let resolved = match load(&args.file, &args.spec)? {
        Ok(r) => r,
        Err(code) => return Ok(code),
    };
    match calico_spec::aws_iam::need(&resolved) {
        calico_spec::aws_iam::IamNeed::NotNeeded(why) => {
            eprintln!("calico-render: no IAM policy needed: {why}");
        }
        calico_spec::aws_iam::IamNeed::Needed => {
            if let Some(policy) = calico_spec::aws_iam::policy(&resolved) {
                io::emit(format!("{}\n", serde_json::to_string_pretty(&policy)?).as_bytes())?;
            }
        }
    }
    Ok(EXIT_OK)
}

fn krm(args: &SpecArgs) -> anyhow::Result<u8> {
    let input = io::read_input(std::path::Path::new("-"))?;
    if input.bytes.iter().all(u8::is_ascii_whitespace) {
        anyhow::bail!(
            "no input: krm reads a KRM ResourceList on stdin; see calico-render krm --help"
        );
    }
    krm_input(&input, args)
}

fn krm_input(input: &io::Input, args: &SpecArgs) -> anyhow::Result<u8> {
    let options = options(args)?;
    match calico_kustomize::krm::run(&input.bytes, &options) {
        Err(e) => {
            eprintln!("calico-render krm: {e}");
            Ok(EXIT_INVALID)
        }
        Ok(outcome) => {
            for line in &outcome.diagnostics {
                eprintln!("{line}");
            }
            io::emit(outcome.output.as_bytes())?;
            Ok(if outcome.ok { EXIT_OK } else { EXIT_INVALID })
        }
    }
}
