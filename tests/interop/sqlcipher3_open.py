"""Users are never locked in: a workbook made by the `readiness` CLI opens in the
standard Python SQLCipher 4 binding with nothing but its passphrase."""
import os
import subprocess
import sys
import tempfile
import unittest

import sqlcipher3

BIN = os.environ.get("READINESS_BIN", "target/debug/readiness")
PASS = "interop passphrase"


class Sqlcipher3Opens(unittest.TestCase):
    def test_workbook_opens_with_the_passphrase_only(self):
        with tempfile.TemporaryDirectory() as d:
            path = os.path.join(d, "client.soc2wb")
            env = dict(os.environ, READINESS_PASSPHRASE=PASS)
            subprocess.run([BIN, "new", path, "--org", "Interop Test GmbH"], env=env, check=True,
                           stdout=subprocess.DEVNULL)
            conn = sqlcipher3.connect(path)
            conn.execute(f"PRAGMA key = '{PASS}'")
            (name,) = conn.execute("SELECT legal_name FROM organization").fetchone()
            self.assertEqual(name, "Interop Test GmbH")
            (entries,) = conn.execute("SELECT count(*) FROM change_log").fetchone()
            self.assertGreaterEqual(entries, 2)
            conn.close()

            wrong = sqlcipher3.connect(path)
            wrong.execute("PRAGMA key = 'not the passphrase'")
            with self.assertRaises(sqlcipher3.DatabaseError):
                wrong.execute("SELECT count(*) FROM sqlite_master").fetchone()


if __name__ == "__main__":
    unittest.main(verbosity=2)
