//! The templates and the environment they run in.

use minijinja::value::Value as JinjaValue;
use minijinja::{Environment, Error as JinjaError, ErrorKind, UndefinedBehavior};

/// The templates, by name (file `templates/<name>.yaml.j2`).
pub(crate) const TEMPLATES: &[(&str, &str)] = &[
    (
        "configmap-services-endpoint",
        include_str!("../templates/configmap-services-endpoint.yaml.j2"),
    ),
    ("pdb", include_str!("../templates/pdb.yaml.j2")),
    (
        "serviceaccounts",
        include_str!("../templates/serviceaccounts.yaml.j2"),
    ),
    (
        "calico-config",
        include_str!("../templates/calico-config.yaml.j2"),
    ),
    (
        "rbac-kube-controllers",
        include_str!("../templates/rbac-kube-controllers.yaml.j2"),
    ),
    ("rbac-node", include_str!("../templates/rbac-node.yaml.j2")),
    (
        "rbac-cni-plugin",
        include_str!("../templates/rbac-cni-plugin.yaml.j2"),
    ),
    (
        "rbac-tier-getter",
        include_str!("../templates/rbac-tier-getter.yaml.j2"),
    ),
    (
        "typha-service",
        include_str!("../templates/typha-service.yaml.j2"),
    ),
    (
        "calico-node-daemonset",
        include_str!("../templates/calico-node-daemonset.yaml.j2"),
    ),
    (
        "kube-controllers-deployment",
        include_str!("../templates/kube-controllers-deployment.yaml.j2"),
    ),
    (
        "typha-deployment",
        include_str!("../templates/typha-deployment.yaml.j2"),
    ),
    ("bgp", include_str!("../templates/bgp.yaml.j2")),
    (
        "operator-install",
        include_str!("../templates/operator-install.yaml.j2"),
    ),
    (
        "operator-role",
        include_str!("../templates/operator-role.yaml.j2"),
    ),
];

/// The embedded source of template `name`.
pub(crate) fn source(name: &str) -> Option<&'static str> {
    TEMPLATES
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, source)| *source)
}

/// An environment holding `templates`, compiled now; on failure, the name
/// of the template that does not compile. (For tests; the library compiles
/// templates on first use.)
#[cfg(test)]
pub(crate) fn compile(
    templates: &[(&'static str, &'static str)],
) -> Result<Environment<'static>, (&'static str, JinjaError)> {
    let mut env = environment();
    for &(name, source) in templates {
        env.add_template(name, source).map_err(|e| (name, e))?;
    }
    Ok(env)
}

/// A rendered document tidied: no blank lines around it, one final newline.
pub(crate) fn tidy(mut text: String) -> String {
    let end = text.trim_end_matches('\n').len();
    text.truncate(end);
    let start = text.len() - text.trim_start_matches('\n').len();
    text.drain(..start);
    text.push('\n');
    text
}

/// The environment every template runs in: undefined values are errors, and
/// the only way to print a value is the `q` filter. minijinja's builtin
/// filters, tests and functions are not compiled in (the crate feature
/// `builtins` is off): the templates use `q`, `string` (below) and the test
/// `none` only, and an environment without the rest is cheaper to make.
pub(crate) fn environment() -> Environment<'static> {
    let mut env = Environment::new();
    env.set_undefined_behavior(UndefinedBehavior::Strict);
    // A custom auto-escape mode: macro output counts as already quoted text,
    // and the formatter below does the rest.
    env.set_auto_escape_callback(|_| minijinja::AutoEscape::Custom("yaml".into()));
    env.set_syntax(
        minijinja::syntax::SyntaxConfig::builder()
            .trim_blocks(true)
            .lstrip_blocks(true)
            .build()
            // Only non-default delimiters can fail to build (minijinja
            // 3.1's `SyntaxConfigBuilder::build`); these are the defaults.
            .unwrap_or_default(),
    );
    // Filters that would mark text as already quoted, bypassing `q`.
    for name in ["safe", "escape", "e"] {
        env.remove_filter(name);
    }
    env.add_filter("q", q);
    env.add_filter("string", string);
    env.set_formatter(|out, _state, value| match value.as_str() {
        Some(text) if value.is_safe() => out.write_str(text).map_err(JinjaError::from),
        _ => Err(JinjaError::new(
            ErrorKind::InvalidOperation,
            format!("{value:?} printed without the `q` filter"),
        )),
    });
    env
}

/// The quoting filter: the one way a value reaches the YAML text.
///
/// - a string becomes a double-quoted YAML scalar (see `quote.rs`);
/// - an integer is written in decimal (a YAML integer);
/// - a bool becomes the string `"true"` / `"false"`, as kOps's template
///   prints every bool it places into the manifest;
/// - anything else (none, undefined, floats, sequences, maps, or a value
///   already quoted) is a template bug.
fn q(value: &JinjaValue) -> Result<JinjaValue, JinjaError> {
    let bug = |what: &str| {
        JinjaError::new(
            ErrorKind::InvalidOperation,
            format!("q: cannot print {what}"),
        )
    };
    if value.is_safe() {
        return Err(bug("a value twice"));
    }
    if let Some(s) = value.as_str() {
        return Ok(JinjaValue::from_safe_string(crate::quote::quote(s)));
    }
    if value.is_integer() {
        if let Some(n) = value.as_i64() {
            return Ok(JinjaValue::from_safe_string(n.to_string()));
        }
    }
    if value.kind() == minijinja::value::ValueKind::Bool {
        let text = if value.is_true() { "true" } else { "false" };
        return Ok(JinjaValue::from_safe_string(crate::quote::quote(text)));
    }
    Err(bug(&format!("{value:?}")))
}

/// `string`: an integer as its decimal text (an env var's value must be a
/// YAML string: `{{ port | string | q }}` gives `"9091"`); a string stays
/// as it is. Anything else is a template bug.
fn string(value: &JinjaValue) -> Result<JinjaValue, JinjaError> {
    if value.as_str().is_some() && !value.is_safe() {
        return Ok(value.clone());
    }
    match value.as_i64() {
        Some(n) if value.is_integer() => Ok(JinjaValue::from(n.to_string())),
        _ => Err(JinjaError::new(
            ErrorKind::InvalidOperation,
            format!("string: cannot convert {value:?}"),
        )),
    }
}
