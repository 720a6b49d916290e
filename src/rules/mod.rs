//! The rule engine and rule packs. Rules are data (`rules/*.yaml`, format in
//! `schemas/rules.v1.schema.json`); this module loads them and evaluates them.

pub mod budget;
pub mod catalog;
pub mod engine;
pub mod examples;
pub mod pack;
pub mod value;

pub use crate::base::Lang;
pub use engine::{Evaluation, evaluate};
pub use pack::{Rule, RulePack, builtin};

#[cfg(test)]
mod tests;
