//! Decorators.
