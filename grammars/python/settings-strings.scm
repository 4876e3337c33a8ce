; Settings that name code by dotted path (Django's INSTALLED_APPS, MIDDLEWARE, LOGGING, Celery's
; beat_schedule, ...): an UPPER_CASE name (or `beat_schedule`, `app.conf.beat_schedule`) assigned or
; extended (`+=`) with strings, lists, tuples or dicts of them. extract-settings.ts keeps those outside
; functions and classes and reads the strings with their positions and dict keys.
;   @setting.name   the assigned name
;   @setting.value  the assigned value
;   @setting.mutated  a setting changed by a method call (`INSTALLED_APPS.append(name)`): its value is not known
(assignment
  left: (identifier) @setting.name
  right: (_) @setting.value
  (#match? @setting.name "^([A-Z][A-Z0-9_]*|beat_schedule)$"))
(augmented_assignment
  left: (identifier) @setting.name
  right: (_) @setting.value
  (#match? @setting.name "^[A-Z][A-Z0-9_]*$"))
(assignment
  left: (attribute attribute: (identifier) @setting.name)
  right: (_) @setting.value
  (#eq? @setting.name "beat_schedule"))
(call
  function: (attribute
    object: (identifier) @setting.mutated
    attribute: (identifier) @setting.method)
  (#match? @setting.mutated "^[A-Z][A-Z0-9_]*$")
  (#match? @setting.method "^(append|extend|insert|remove|pop|clear|update|setdefault)$"))
