; Module-level settings that name code by dotted path (Django's INSTALLED_APPS, MIDDLEWARE, ROOT_URLCONF,
; ...): an UPPER_CASE name assigned a string or a list/tuple of strings. extract-settings.ts keeps the
; module-level ones and reads the strings with their positions.
;   @setting.name   the assigned name
;   @setting.value  the string, list or tuple
(assignment
  left: (identifier) @setting.name
  right: [(string) (list) (tuple)] @setting.value
  (#match? @setting.name "^[A-Z][A-Z0-9_]*$"))
