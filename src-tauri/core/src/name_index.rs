//! Names a table keeps unique once case and spacing are ignored (vendors, risks), read
//! into memory once. An import checks each of its lines against the index instead of
//! reading the whole table again per line, which made a 5,000-line file take a minute.

use std::collections::HashMap;

use crate::workbook::WorkbookError;

pub struct NameIndex {
    /// What two names must share to count as the same ("Acme  Ltd" = "acme ltd").
    key: fn(&str) -> String,
    ids: HashMap<String, String>,
}

impl NameIndex {
    /// Reads `sql`, a query of (id, name) rows.
    pub fn load(conn: &rusqlite::Connection, sql: &str, key: fn(&str) -> String) -> Result<Self, WorkbookError> {
        let mut stmt = conn.prepare(sql)?;
        let rows = stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?;
        let mut ids = HashMap::new();
        for row in rows {
            let (id, name) = row?;
            // The first row wins, as a scan in table order would find it.
            ids.entry(key(&name)).or_insert(id);
        }
        Ok(Self { key, ids })
    }

    /// The id of the row called `name`, case and spacing ignored.
    pub fn find(&self, name: &str) -> Option<&str> {
        self.ids.get(&(self.key)(name)).map(String::as_str)
    }

    /// Records that row `id` is now called `name` (a create, or a rename).
    pub fn set(&mut self, name: &str, id: &str) {
        self.ids.retain(|_, known| known != id);
        self.ids.insert((self.key)(name), id.to_owned());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lower(s: &str) -> String {
        s.to_lowercase()
    }

    #[test]
    fn a_rename_forgets_the_old_name() {
        let mut index = NameIndex { key: lower, ids: HashMap::new() };
        index.set("Acme", "1");
        assert_eq!(index.find("ACME"), Some("1"));
        index.set("Globex", "1");
        assert_eq!(index.find("acme"), None);
        assert_eq!(index.find("globex"), Some("1"));
    }
}
