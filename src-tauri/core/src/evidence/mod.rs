//! Evidence files: content-addressed, hashed while streaming.
