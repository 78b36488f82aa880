//! Command-line arguments (clap). Parsing only; `main.rs` wires them to the
//! libraries.

use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

/// Compile a Calico networking spec into the Kubernetes manifests that install Calico.
#[derive(Debug, Parser)]
#[command(
    name = "calico-render",
    version,
    args_conflicts_with_subcommands = true,
    after_help = "Examples:\n  calico-render spec.yaml > calico.yaml\n  calico-render -o json spec.yaml\n  calico-render --output-dir out/ spec.yaml && kubectl apply -f out/\n  calico-render --profile operator --part install spec.yaml | kubectl apply --server-side -f -\n  calico-render validate spec.yaml\n  calico-render explain --node-count 120 spec.yaml\n\nExit codes: 0 success, 1 invalid input, 2 usage or I/O error, 3 disruptive change (diff)."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
    #[command(flatten)]
    pub render: RenderArgs,
}

/// Subcommands. Each one's arguments are defined only when it is invoked
/// (or for `--help`), so that a render does not pay for all of them.
#[derive(Debug, Subcommand)]
#[command(defer = true)]
// (With `defer`, a doc comment on an argument struct would replace the
// subcommand's own about text: the structs below carry plain comments.)
pub enum Command {
    /// Render the manifest (the default when a FILE is given).
    #[command(after_help = "Example:\n  calico-render render spec.yaml > calico.yaml")]
    Render(RenderArgs),
    /// Check a spec: exit 0 when valid (warnings allowed), 1 when not.
    #[command(
        after_help = "Examples:\n  calico-render validate spec.yaml\n  calico-render validate --output json spec.yaml"
    )]
    Validate(ReportArgs),
    /// Print every effective setting, its value and where it came from.
    #[command(
        after_help = "Examples:\n  calico-render explain spec.yaml\n  calico-render explain --node-count 300 --host-mtu 9001 --output json spec.yaml"
    )]
    Explain(ReportArgs),
    /// Print the JSON Schema of the input (the CalicoNetworking kind).
    #[command(after_help = "Example:\n  calico-render schema > caliconetworking.schema.json")]
    Schema,
    /// Compare two specs: each changed setting (DISRUPTIVE ones with the reason and procedure), each changed object with what changed in it, and when the Calico release changes the plan to apply it in. Exit 0 when nothing disruptive changes, 3 when something does.
    #[command(
        after_help = "Examples:\n  calico-render diff old.yaml new.yaml\n  calico-render diff --output json old.yaml new.yaml"
    )]
    Diff(DiffArgs),
    /// Print the AWS IAM policy Calico needs for awsSrcDstCheck (nothing when the spec needs none).
    #[command(
        name = "aws-iam-policy",
        after_help = "Example:\n  calico-render aws-iam-policy cluster.yaml > calico-node-policy.json"
    )]
    AwsIamPolicy(SpecFileArgs),
    /// kustomize exec plugin helpers.
    #[command(
        name = "kustomize-plugin",
        subcommand,
        after_help = "Example:\n  calico-render kustomize-plugin install\n  kubectl kustomize --enable-alpha-plugins overlays/prod"
    )]
    KustomizePlugin(PluginCommand),
    /// Run as a KRM function: a ResourceList on stdin, the same list with the Calico objects appended on stdout.
    #[command(after_help = KRM_HELP)]
    Krm {
        #[command(flatten)]
        spec: SpecArgs,
    },
    /// Print the CustomResourceDefinitions alone (for installers that apply CRDs first): those of
    /// the spec's Calico release, or without FILE those of the kOps version's pin.
    #[command(
        after_help = "Examples:\n  calico-render crds spec.yaml | kubectl apply --server-side -f -\n  calico-render crds --kops-version 1.32    # kOps 1.32's pin, v3.29.4"
    )]
    Crds {
        /// The spec whose release's CRDs to print ('-' for stdin).
        #[arg(value_name = "FILE")]
        file: Option<PathBuf>,
        #[command(flatten)]
        spec: SpecArgs,
        /// Output format.
        #[arg(short = 'o', long = "output", visible_alias = "format", value_name = "FORMAT", value_enum, default_value_t = Format::Yaml)]
        format: Format,
    },
    /// Print the Calico releases and kOps versions this build knows, and the defaults.
    #[command(
        after_help = "Examples:\n  calico-render versions\n  calico-render versions -o json"
    )]
    Versions {
        #[command(flatten)]
        output: ReportOutput,
    },
    /// Print the shell completion script for bash, zsh, fish, powershell or elvish.
    #[command(after_help = COMPLETIONS_HELP)]
    Completions {
        /// The shell.
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff) on stdout, or write one page per command.
    #[command(
        after_help = "Examples:\n  calico-render man | man -l -\n  calico-render man --dir /usr/local/share/man/man1"
    )]
    Man {
        /// Write the pages of calico-render and of each command (calico-render.1, calico-render-validate.1, ...) into DIR instead.
        #[arg(long, value_name = "DIR")]
        dir: Option<PathBuf>,
    },
}

/// The examples of `krm --help`.
const KRM_HELP: &str = "\
Examples:
  kpt fn eval pkg --exec calico-render --fn-config calico.yaml
  calico-render krm < resource-list.yaml

kpt runs the --exec program with no arguments and a ResourceList on stdin;
calico-render run without a FILE reads stdin by its content and runs this
function for a ResourceList, so `--exec calico-render` and
`--exec \"calico-render krm\"` do the same. The
configuration is the CalicoNetworking object of --fn-config; kpt's
`-- key=value` function arguments are not used (kpt refuses them beside
--fn-config). The example writes the Calico objects into pkg/, beside its
other resources.

As an exec function of standalone kustomize (kustomize build
--enable-alpha-plugins --enable-exec): annotate the CalicoNetworking config
  metadata:
    annotations:
      config.kubernetes.io/function: |
        exec:
          path: /usr/local/bin/calico-render
and list it under `generators:`. This needs the standalone kustomize binary:
kubectl kustomize has no --enable-exec and silently renders nothing for such
a generator. With kubectl, use the exec plugin (calico-render
kustomize-plugin install).";

/// The examples of `completions --help`.
const COMPLETIONS_HELP: &str = "\
Examples:
  calico-render completions bash > ~/.local/share/bash-completion/completions/calico-render
  calico-render completions zsh > ~/.zfunc/_calico-render   (fpath+=(~/.zfunc) before compinit)
  calico-render completions fish > ~/.config/fish/completions/calico-render.fish
  calico-render completions powershell | Out-String | Invoke-Expression";

// Flags shared by every command that reads a spec.
#[derive(Debug, Args, Clone, Default)]
pub struct SpecArgs {
    /// Render as this kOps version does (MAJOR.MINOR, 1.19 to 1.37; default 1.37, kOps
    /// master): its defaults, rules and overlay, and its Calico pin unless the spec
    /// names a version (`calico-render versions` lists the pins).
    #[arg(long, value_name = "X.Y")]
    pub kops_version: Option<String>,
    /// Whose manifests to render, over the spec's `profile`: kops (kOps's Calico addon),
    /// upstream (Calico's own calico.yaml and its flavors, edited as Calico's docs say) or
    /// operator (the Tigera operator and the custom resources for the same cluster;
    /// Calico 3.30 and later).
    #[arg(long, value_name = "PROFILE", value_parser = ["kops", "upstream", "operator"])]
    pub profile: Option<String>,
    /// Number of nodes, for sizing advice (overrides the spec's nodeCount).
    #[arg(long, value_name = "N")]
    pub node_count: Option<u64>,
    /// MTU of the hosts' network, for MTU advice (overrides the spec's hostMTU).
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(68..=65535))]
    pub host_mtu: Option<u32>,
    /// Treat warnings as errors.
    #[arg(long)]
    pub strict: bool,
}

// Arguments of `render` (and of the bare `calico-render FILE`).
#[derive(Debug, Args, Clone, Default)]
pub struct RenderArgs {
    /// The spec: a kOps Cluster, a bare cluster spec or a CalicoNetworking ('-' for stdin).
    #[arg(value_name = "FILE")]
    pub file: Option<PathBuf>,
    /// Output format on stdout (`--format` is an alias).
    #[arg(short = 'o', long = "output", visible_alias = "format", value_name = "FORMAT", value_enum, default_value_t = Format::Yaml)]
    pub format: Format,
    /// Write one file per object into DIR (created if missing; an earlier render there is replaced) instead of stdout.
    #[arg(long, value_name = "DIR", conflicts_with = "format")]
    pub output_dir: Option<PathBuf>,
    /// Only this part: install (namespaces, RBAC, workloads, CRDs) or resources (the
    /// custom resources, which need their CRDs established first; in the operator
    /// profile the operator creates them).
    #[arg(long, value_name = "PART", value_parser = ["install", "resources"])]
    pub part: Option<String>,
    #[command(flatten)]
    pub spec: SpecArgs,
}

// Arguments of `diff`.
#[derive(Debug, Args, Clone)]
pub struct DiffArgs {
    /// The spec in force ('-' for stdin).
    #[arg(value_name = "OLD")]
    pub old: PathBuf,
    /// The spec to apply.
    #[arg(value_name = "NEW")]
    pub new: PathBuf,
    #[command(flatten)]
    pub output: ReportOutput,
    #[command(flatten)]
    pub spec: SpecArgs,
}

// A spec file and the common flags.
#[derive(Debug, Args, Clone)]
pub struct SpecFileArgs {
    /// The spec ('-' for stdin).
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    #[command(flatten)]
    pub spec: SpecArgs,
}

/// `kustomize-plugin` subcommands.
#[derive(Debug, Subcommand)]
pub enum PluginCommand {
    /// Install this binary as kustomize's exec plugin for the CalicoNetworking kind: a copy of it, or a link to it when it is installed on PATH (not in a cargo target directory).
    #[command(
        after_help = "Example:\n  calico-render kustomize-plugin install\n  kubectl kustomize --enable-alpha-plugins overlays/prod"
    )]
    Install {
        /// The plugin home (default: $KUSTOMIZE_PLUGIN_HOME, else $XDG_CONFIG_HOME/kustomize/plugin, else ~/.config/kustomize/plugin).
        #[arg(long, value_name = "PLUGIN_HOME")]
        dir: Option<PathBuf>,
    },
}

// Arguments of `validate` and `explain`.
#[derive(Debug, Args, Clone)]
pub struct ReportArgs {
    /// The spec ('-' for stdin).
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    #[command(flatten)]
    pub output: ReportOutput,
    #[command(flatten)]
    pub spec: SpecArgs,
}

/// Manifest formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub enum Format {
    /// A YAML stream, documents separated by `---`.
    #[default]
    Yaml,
    /// One `v1` `List` in JSON.
    Json,
}

// `-o/--output` of the commands that print a report.
#[derive(Debug, Args, Clone, Copy)]
pub struct ReportOutput {
    /// Output format: text for people, json or yaml for tools.
    #[arg(short = 'o', long = "output", visible_alias = "format", value_name = "FORMAT", value_enum, default_value_t = ReportFormat::Text)]
    pub format: ReportFormat,
}

/// Report formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub enum ReportFormat {
    /// Lines for people.
    #[default]
    Text,
    /// JSON for tools.
    Json,
    /// YAML for tools (the same data as JSON).
    Yaml,
}
