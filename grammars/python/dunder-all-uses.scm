; Every use of the name `__all__` in code (not in strings or comments), to tell whether the walk read
; each one: an `__all__` changed inside a function or passed to a helper has an unknowable final value.
; Iterating over it only reads it (httpx/__init__.py: `for __name in __all__:`).
;   @use   an identifier `__all__`
;   @read  one that is only iterated over
((identifier) @use
  (#eq? @use "__all__"))
(for_statement right: (identifier) @read
  (#eq? @read "__all__"))
(for_in_clause right: (identifier) @read
  (#eq? @read "__all__"))
