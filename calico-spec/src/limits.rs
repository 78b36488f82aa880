//! Input limits. Every input is untrusted: these bound the memory and time a
//! parse can take, and each breach is reported as a clear error.

/// Largest input accepted, in bytes (8 MiB).
pub const MAX_INPUT_BYTES: usize = 8 * 1024 * 1024;
/// Deepest nesting of YAML collections accepted.
pub const MAX_DEPTH: usize = 32;
/// Most YAML nodes (scalars and collections) in one input.
pub const MAX_NODES: usize = 100_000;
/// Most YAML documents in one input.
pub const MAX_DOCUMENTS: usize = 1_000;
/// Most alias uses (`*name`) in one input.
pub const MAX_ALIASES: usize = 1_000;
/// Most YAML events replayed through aliases, in total (stops "billion laughs").
pub const MAX_ALIAS_REPLAY_EVENTS: usize = 10_000;

/// The serde-saphyr options that enforce these limits (also used for
/// other untrusted YAML, such as KRM ResourceLists).
pub fn yaml_options() -> serde_saphyr::Options {
    let mut budget = serde_saphyr::Budget::default();
    budget.max_depth = MAX_DEPTH;
    budget.max_nodes = MAX_NODES;
    budget.max_documents = MAX_DOCUMENTS;
    budget.max_aliases = MAX_ALIASES;
    budget.max_total_scalar_bytes = MAX_INPUT_BYTES;
    let mut options = serde_saphyr::Options::default();
    options.budget = Some(budget);
    options.duplicate_keys = serde_saphyr::DuplicateKeyPolicy::Error;
    options.alias_limits.max_total_replayed_events = MAX_ALIAS_REPLAY_EVENTS;
    options.alias_limits.max_replay_stack_depth = MAX_DEPTH;
    options
}
