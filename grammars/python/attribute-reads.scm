; `name.attribute` reads, for names bound by `import m` / `import m as name`. extract-attribute-reads.ts
; keeps those at module level (they run at import time) on names the module binds only by that import.
;   @read.object     the name
;   @read.attribute  the attribute read from it
(attribute
  object: (identifier) @read.object
  attribute: (identifier) @read.attribute)
