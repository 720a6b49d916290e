//! The rule ids and parameters of a run's packs, indexed once for the configuration checks:
//! a configuration with 300,000 keys looks each one up by name, it does not scan every rule
//! for each, and a did-you-mean is computed only for a problem that is reported.

use crate::base::codes::{CORE_CODES, family};
use crate::rules::Rule;
use crate::validate::did_you_mean;
use serde_json::Value;
use std::collections::HashMap;

/// A name that does not exist, for a did-you-mean.
pub(super) enum Suggest {
    Selector(String),
    Param(String),
}

/// The rule ids and parameters of a run's packs, for look-ups by name.
#[derive(Default)]
pub(super) struct Names {
    /// Every rule id that exists (pack rules, their former ids, tool codes).
    pub(super) ids: Vec<String>,
    /// Ids and families, sorted and deduplicated: the did-you-mean candidates.
    pub(super) selector_candidates: Vec<String>,
    /// Parameter name -> (rule id, default) of each rule that has it, in pack order.
    pub(super) params: HashMap<String, Vec<(String, Value)>>,
    /// Every parameter name, sorted.
    pub(super) param_names: Vec<String>,
}

impl Names {
    /// The help for a name that does not exist: the nearest that does, or where to look.
    pub(super) fn suggest(&self, s: &Suggest) -> String {
        match s {
            Suggest::Selector(name) => {
                did_you_mean(name, self.selector_candidates.iter().map(String::as_str))
                    .map(|c| format!("did you mean `{c}`?"))
                    .unwrap_or_else(|| "`vendorlint rules` lists the rule ids".to_string())
            }
            Suggest::Param(name) => did_you_mean(name, self.param_names.iter().map(String::as_str))
                .map(|c| format!("did you mean `{c}`?"))
                .unwrap_or_else(|| {
                    "`vendorlint rules --format json` lists each rule's parameters".to_string()
                }),
        }
    }
}

impl Names {
    /// Index the names of `rules` and the tool codes.
    pub(super) fn index(rules: &[&Rule]) -> Names {
        let ids: Vec<String> = (rules.iter())
            .flat_map(|r| r.names().map(str::to_string))
            .chain(CORE_CODES.iter().map(|c| c.id.to_string()))
            .collect();
        let mut selector_candidates: Vec<String> = (ids.iter())
            .map(|id| family(id).to_string())
            .chain(ids.iter().cloned())
            .collect();
        selector_candidates.sort();
        selector_candidates.dedup();
        let mut params: HashMap<String, Vec<(String, Value)>> = HashMap::new();
        for r in rules {
            for (k, d) in &r.params {
                params
                    .entry(k.clone())
                    .or_default()
                    .push((r.id.clone(), d.clone()));
            }
        }
        let mut param_names: Vec<String> = params.keys().cloned().collect();
        param_names.sort();
        Names {
            ids,
            selector_candidates,
            params,
            param_names,
        }
    }
}
