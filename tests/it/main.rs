//! Integration tests, compiled into one test binary (one module per feature).

mod pp22_data;
