; Every import statement. extract-imports.ts maps each capture to ImportSite records, reading the
; statement's fields (name, alias, module_name); scope and guard come from the statement's ancestors.
;   @import         import a.b, c as d
;   @import.from    from m import x, y as z / from . import x / from ..pkg import *
;   @import.future  from __future__ import annotations
(import_statement) @import
(import_from_statement) @import.from
(future_import_statement) @import.future
