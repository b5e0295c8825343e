# Copyright 2026 Odoo Factoring contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Reading a factor's file (CSV or XLSX) through a column mapping: the one reader of the statement import and the
return file import."""

import base64
import csv
import io

from odoo import api, fields, models
from odoo.exceptions import UserError

from ..models.factoring_statement_mapping import normalize

try:
    import openpyxl
except ImportError:  # pragma: no cover - declared in external_dependencies
    openpyxl = None


class FactoringFileImport(models.AbstractModel):
    _name = "factoring.file.import"
    _description = "Import of a Factor's File"

    # The importing wizard defines ``factor_id`` and ``mapping_id`` (a factoring.statement.mapping of its kind,
    # computed by _compute_mapping_id), and sets the kind of mapping it reads:
    _mapping_kind = None  # "statement" or "return" (factoring.statement.mapping's kind)
    file = fields.Binary(required=True, help="CSV or XLSX file of the factor.")
    filename = fields.Char()

    @api.depends("factor_id")
    def _compute_mapping_id(self):
        """The factor's first mapping of the wizard's kind, unless a mapping of that factor is chosen."""
        for wizard in self:
            if not wizard.mapping_id or wizard.mapping_id.factor_id != wizard.factor_id:
                wizard.mapping_id = wizard.factor_id.statement_mapping_ids.filtered(
                    lambda mapping: mapping.kind == self._mapping_kind
                )[:1]

    def _get_empty_file_message(self):
        if self._mapping_kind == "return":
            return self.env._("The return file is empty.")
        return self.env._("The statement file is empty.")

    def _is_xlsx(self, content):
        return (self.filename or "").lower().endswith((".xlsx", ".xlsm")) or content[:2] == b"PK"

    def _read_rows(self):
        """All rows of the file as lists of cell values (str for CSV, typed values for XLSX)."""
        content = base64.b64decode(self.file or b"")
        if not content:
            raise UserError(self._get_empty_file_message())
        if self._is_xlsx(content):
            if openpyxl is None:
                raise UserError(self.env._("Reading XLSX files needs the Python library openpyxl."))
            try:
                workbook = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=True)
            except Exception as error:
                raise UserError(
                    self.env._(
                        "The file %(file)s is no readable XLSX workbook: %(error)s", file=self.filename, error=error
                    )
                ) from error
            rows = [list(row) for row in workbook.active.iter_rows(values_only=True)]
            workbook.close()
            return rows
        mapping = self.mapping_id
        try:
            text = content.decode(mapping.csv_encoding or "utf-8-sig")
        except (UnicodeDecodeError, LookupError) as error:
            raise UserError(
                self.env._(
                    "The file %(file)s cannot be read with encoding %(encoding)s: %(error)s",
                    file=self.filename,
                    encoding=mapping.csv_encoding,
                    error=error,
                )
            ) from error
        return list(csv.reader(io.StringIO(text), delimiter=mapping.csv_delimiter or ";"))

    def _count_rows(self):
        """How many rows the file has, without reading its cells (for the background threshold, in the request): the
        line ends of a CSV file (a quoted cell over several lines counts more than once), the stored size of an XLSX
        sheet. 0 for a file that cannot be opened: reading it says why."""
        content = base64.b64decode(self.file or b"")
        if not content:
            return 0
        if not self._is_xlsx(content):
            ends = max(content.count(b"\n"), content.count(b"\r"))
            return ends + (not content.endswith((b"\n", b"\r")))
        if openpyxl is None:
            return 0
        try:
            workbook = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        except Exception:  # noqa: BLE001 - reading the file in the request reports it
            return 0
        sheet = workbook.active
        # read-only: the size stored in the sheet (its dimension); counted only when the writer stored none
        count = sheet.max_row if sheet.max_row is not None else sum(1 for _row in sheet.iter_rows(values_only=True))
        workbook.close()
        return count

    def _resolve_columns(self, header):
        """Mapping field -> column index; raise when a mapped column is not in the file."""
        mapping = self.mapping_id
        titles = {normalize(title): index for index, title in enumerate(header or []) if title not in (None, "")}
        columns = {}
        missing = []
        for fname in mapping._get_mapped_columns():
            spec = (mapping[fname] or "").strip()
            if not spec:
                continue
            position = mapping._get_column_position(spec)
            if normalize(spec) in titles:
                columns[fname] = titles[normalize(spec)]
            elif position is not None:
                columns[fname] = position
            else:
                missing.append(f"{mapping._fields[fname].string}: {spec}")
        if missing:
            raise UserError(
                self.env._(
                    "Columns of mapping %(mapping)s not found in the file's title row %(row)s: %(columns)s.\n"
                    "Titles found: %(titles)s",
                    mapping=mapping.name,
                    row=mapping.header_row,
                    columns=", ".join(missing),
                    titles=", ".join(str(t) for t in header or [] if t not in (None, "")) or "-",
                )
            )
        return columns

    def _read_table(self):
        """The data rows of the file: ``[(row number, {mapping field: cell value})]`` (1 = first row of the file;
        empty rows skipped). Raises when the title row or a mapped column is missing."""
        mapping = self.mapping_id
        rows = self._read_rows()
        header = rows[mapping.header_row - 1] if mapping.header_row and len(rows) >= mapping.header_row else None
        if mapping.header_row and header is None:
            raise UserError(self.env._("The file has no row %(row)s with the column titles.", row=mapping.header_row))
        columns = self._resolve_columns(header)
        return [
            (number, {fname: row[index] if index < len(row) else None for fname, index in columns.items()})
            for number, row in enumerate(rows[mapping.header_row :], start=mapping.header_row + 1)
            if not all(value in (None, "") for value in row)
        ]

    @staticmethod
    def _cell_text(value):
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        return str(value).strip() if value is not None else ""
